using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.AnomalyDetection;

/// <summary>
/// Groups one machine's readings, which arrive one sensor at a time, into observations (rows): a device samples all
/// its sensors at one instant, so readings within the tolerance of a row's first timestamp belong to it. A row is
/// complete — and judged at once — when it holds every sensor the machine reported in its recent rows; otherwise it is
/// judged when a newer reading (or a second value of a sensor already in it) shows the instant has passed. So an
/// alert waits for the last sensor of its row, never for the next sample, except while the machine's set of sensors
/// is still being learned (its first row) or a sensor stopped reporting (its rows then wait one sample).
/// A reading older than the open row belongs to an instant already judged: it is counted as late, not judged.
/// Not thread-safe: one per machine, called on the machine's bus partition.
/// </summary>
public sealed class ObservationAssembler(TimeSpan tolerance)
{
    /// <summary>A sensor missing from this many consecutive rows no longer counts toward a complete row.</summary>
    private const int ForgetAfterRows = 3;

    private readonly Dictionary<string, long> _lastRowOf = new(StringComparer.Ordinal);
    private List<SensorReading>? _open;
    private long _rowNumber;

    public long LateReadings { get; private set; }

    /// <summary>Adds a reading; returns the rows it completed, oldest first (none, the previous row, and/or this one).</summary>
    public IReadOnlyList<IReadOnlyList<SensorReading>> Add(SensorReading reading)
    {
        List<IReadOnlyList<SensorReading>>? done = null;
        if (_open is not null)
        {
            var start = _open[0].Timestamp;
            if (reading.Timestamp < start - tolerance)
            {
                LateReadings++;
                return [];
            }

            if (reading.Timestamp > start + tolerance || _open.Exists(r => r.SensorId == reading.SensorId))
            {
                (done ??= []).Add(Close());
            }
        }

        (_open ??= []).Add(reading);
        if (IsComplete())
        {
            (done ??= []).Add(Close());
        }

        return done ?? (IReadOnlyList<IReadOnlyList<SensorReading>>)[];
    }

    private bool IsComplete()
    {
        var expected = 0;
        foreach (var last in _lastRowOf.Values)
        {
            if (last > _rowNumber - ForgetAfterRows)
            {
                expected++;
            }
        }

        if (expected == 0)
        {
            return false;
        }

        var present = 0;
        foreach (var r in _open!)
        {
            if (_lastRowOf.TryGetValue(r.SensorId, out var last) && last > _rowNumber - ForgetAfterRows)
            {
                present++;
            }
        }

        return present >= expected;
    }

    private List<SensorReading> Close()
    {
        var row = _open!;
        _open = null;
        _rowNumber++;
        foreach (var r in row)
        {
            _lastRowOf[r.SensorId] = _rowNumber;
        }

        return row;
    }
}
