using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.DriftDetection;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Tests.DriftDetection;

/// <summary>
/// Issue 16, state on takeover: a sensor's drift windows (reference, recent, test countdown) move with its bus
/// partition by being rebuilt from the sensor's stored readings before the one being handled. A fresh agent that first
/// sees the sensor at reading N+1 reports the same drifts, with the same statistics, as the agent that saw 1..N.
/// </summary>
public sealed class DriftRebuildTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private const int Before = 237; // not a multiple of the windows or TestEvery: the countdown must be rebuilt too

    private static readonly DriftOptions Windows = new() { ReferenceSize = 50, RecentSize = 50, TestEvery = 10, RetrainCooldown = TimeSpan.Zero };

    /// <summary>
    /// One vibration sensor: <see cref="Before"/> readings at 10 mm/s (plus uniform noise below 1), then 120 at 13 mm/s,
    /// and one reading out of range before the split that validation rejects (never in the windows, live or rebuilt).
    /// </summary>
    private static List<SensorReading> Stream()
    {
        var random = new Random(3);
        var list = new List<SensorReading>();
        for (var i = 0; i < Before + 120; i++)
        {
            var value = i == 100 ? 900 : (i < Before ? 10 : 13) + random.NextDouble();
            list.Add(new SensorReading(i + 1, "pump-1", "v1", "vibration", "mm/s", "reading", value, Start.AddSeconds(i)));
        }

        return list;
    }

    /// <summary>What the bus delivers to the drift agent: the readings validation lets through.</summary>
    private static List<SensorReading> Validated(List<SensorReading> stream) => [.. stream.Where(r => r.Value < 500)];

    private static (DriftDetectionAgent Agent, RecordingBus Bus) Create(StoredReadingHistory? history, DriftOptions options)
    {
        var bus = new RecordingBus();
        var agent = new DriftDetectionAgent(bus, new AcceptingRetrain(), new FakeTimeProvider(Start.AddHours(1)), Options.Create(options), history);
        return (agent, bus);
    }

    private static async Task HandleAsync(DriftDetectionAgent agent, IEnumerable<SensorReading> readings)
    {
        foreach (var r in readings)
        {
            await agent.HandleAsync(new ReadingValidated(new EventMeta($"r{r.ReadingId}", r.DeviceId, $"r{r.ReadingId}", r.Timestamp), r),
                CancellationToken.None);
        }
    }

    private static List<string> Drifts(RecordingBus bus) =>
        [.. bus.Of<DriftDetected>().Select(d => string.Create(CultureInfo.InvariantCulture,
            $"{d.EventId} D={d.KsStatistic:R} p={d.PValue:R} psi={d.Psi:R} n={d.ReferenceCount}/{d.RecentCount}"))];

    [Fact]
    public async Task Handle_FreshAgentFirstSeesTheSensorAtReadingNPlusOne_ReportsTheSameDrifts()
    {
        var stream = Stream();
        var validated = Validated(stream);
        var split = validated.FindIndex(r => r.ReadingId > Before);
        var (uninterrupted, bus) = Create(null, Windows);
        await HandleAsync(uninterrupted, validated.Take(split));
        Assert.Empty(bus.Of<DriftDetected>()); // the stretch before the takeover is stable: the drifts compared are the shift's
        await HandleAsync(uninterrupted, validated.Skip(split));
        var expected = Drifts(bus);
        Assert.NotEmpty(expected);

        // Another instance takes the partition over at reading N+1: it has only the database's readings 1..N.
        var (takeover, takeoverBus) = Create(new StoredReadingHistory(stream), Windows);
        await HandleAsync(takeover, validated.Skip(split));

        Assert.Equal(expected, Drifts(takeoverBus));
    }

    [Fact]
    public async Task Handle_FreshAgentWithoutRebuild_TakesTheShiftedReadingsAsItsReferenceAndMissesTheDrift()
    {
        // The control: without the rebuild (window zero) the reference fills from the shifted readings themselves.
        var stream = Stream();
        var validated = Validated(stream);
        var noRebuild = new DriftOptions
        {
            ReferenceSize = Windows.ReferenceSize, RecentSize = Windows.RecentSize, TestEvery = Windows.TestEvery, RetrainCooldown = TimeSpan.Zero,
            RebuildWindow = TimeSpan.Zero,
        };
        var (fresh, bus) = Create(new StoredReadingHistory(stream), noRebuild);

        await HandleAsync(fresh, validated.Where(r => r.ReadingId > Before));

        Assert.Empty(Drifts(bus));
    }

    [Fact]
    public async Task Forget_SensorOfAMovedPartition_RebuiltAtItsNextReading()
    {
        var stream = Stream();
        var history = new StoredReadingHistory(stream);
        var (agent, _) = Create(history, Windows);
        await HandleAsync(agent, [stream[Before], stream[Before + 1]]);
        Assert.Equal(["pump-1/v1"], history.SensorReads);

        Assert.Equal(0, agent.Forget((device, sensor) => sensor == "other"));
        Assert.Equal(1, agent.Forget((device, sensor) => device == "pump-1" && sensor == "v1"));
        await HandleAsync(agent, [stream[Before + 2]]);

        Assert.Equal(["pump-1/v1", "pump-1/v1"], history.SensorReads);
    }

    [Fact]
    public void Validate_NegativeRebuildSettings_ReportsBoth()
    {
        var errors = new DriftOptions { RebuildWindow = TimeSpan.FromSeconds(-1), RebuildMaxReadings = -1 }.Validate().ToList();

        Assert.Contains(errors, e => e.Contains("RebuildWindow", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("RebuildMaxReadings", StringComparison.Ordinal));
    }

    private sealed class AcceptingRetrain : IRetrainRequester
    {
        public Task<bool> RequestAsync(string deviceId, string sensorId, string reason, CancellationToken cancellationToken) => Task.FromResult(true);
    }
}
