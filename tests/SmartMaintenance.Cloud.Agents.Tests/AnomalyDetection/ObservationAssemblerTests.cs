using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Tests.AnomalyDetection;

/// <summary>How a device's readings, one sensor at a time, become the rows the machine detector judges.</summary>
public sealed class ObservationAssemblerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static SensorReading R(string sensor, double seconds, double value = 1) =>
        new(0, "dev", sensor, "t", "u", "reading", value, T0.AddSeconds(seconds));

    private static List<string[]> Feed(ObservationAssembler rows, params SensorReading[] readings) =>
        readings.SelectMany(r => rows.Add(r)).Select(row => row.Select(r => r.SensorId).ToArray()).ToList();

    [Fact]
    public void Add_ThreeSensorsPerInstant_FirstRowClosedByTheNextInstantLaterRowsAsSoonAsComplete()
    {
        var rows = new ObservationAssembler(TimeSpan.FromMilliseconds(250));

        var afterFirstRow = Feed(rows, R("a", 0), R("b", 0), R("c", 0));
        var secondRowButLast = Feed(rows, R("a", 1), R("b", 1));
        var secondRowLast = Feed(rows, R("c", 1));

        Assert.Empty(afterFirstRow); // the machine's sensors are not known yet
        Assert.Equal([["a", "b", "c"]], secondRowButLast); // closed by the newer instant
        Assert.Equal([["a", "b", "c"]], secondRowLast); // complete: judged without waiting for the next instant
    }

    [Fact]
    public void Add_StampsAFewMillisecondsApart_OneRowWithinTheTolerance()
    {
        var rows = new ObservationAssembler(TimeSpan.FromMilliseconds(250));
        Feed(rows, R("a", 0), R("b", 0.01), R("a", 1));

        Assert.Equal([["a", "b"]], Feed(rows, R("b", 1.02)));
    }

    [Fact]
    public void Add_SensorStopsReporting_RowsJudgedOneInstantLateThenCompleteAgainOnceItIsForgotten()
    {
        var rows = new ObservationAssembler(TimeSpan.Zero);
        Feed(rows, R("a", 0), R("b", 0), R("a", 1), R("b", 1));

        var withoutB = Enumerable.Range(2, 6).Select(i => Feed(rows, R("a", i))).ToList();

        Assert.Empty(withoutB[0]); // row 2 waits for b
        Assert.Equal([["a"]], withoutB[1]); // row 2 judged when row 3 starts
        Assert.Equal([["a"], ["a"]], withoutB[3]); // row 4 closed by row 5, and b is forgotten: row 5 complete on arrival
        Assert.Equal([["a"]], withoutB[^1]);
    }

    [Fact]
    public void Add_ReadingOlderThanTheOpenRow_CountedLateNotJudged()
    {
        var rows = new ObservationAssembler(TimeSpan.Zero);
        Feed(rows, R("a", 5));

        Assert.Empty(Feed(rows, R("a", 3)));
        Assert.Equal(1, rows.LateReadings);
    }

    [Fact]
    public void Add_SameSensorTwiceAtOneInstant_SecondValueStartsANewRow()
    {
        var rows = new ObservationAssembler(TimeSpan.FromSeconds(1));

        // The repeat closes the first row; the second is then complete at once (a is the machine's only sensor).
        Assert.Equal([["a"], ["a"]], Feed(rows, R("a", 0), R("a", 0)));
    }
}
