using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Metrics;
using SmartMaintenance.Cloud.Agents.Validation;

namespace SmartMaintenance.Cloud.Agents.Tests.Validation;

/// <summary>
/// Issue 16, state on takeover: a sensor's validation memory (duplicates, last plausible value, identical run) moves
/// with its bus partition by being rebuilt from the sensor's stored readings before the one being handled. A fresh
/// agent (another instance, or a restart) that first sees the sensor at reading N+1 decides exactly as the agent that
/// saw readings 1..N, on a stream whose later readings need that memory for all three rules.
/// </summary>
public sealed class ValidationRebuildTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private const int Before = 300;

    /// <summary>
    /// One temperature sensor at 1 Hz: <see cref="Before"/> readings, the last 15 of them the same value, then what
    /// follows the takeover: a jump of 100 °C in a second (rate: judged against the last plausible value, stored
    /// before), 5 more of the repeated value (the identical run reaches StuckCount 20 only with the memory), a reading
    /// repeating the timestamp of one stored before the takeover (duplicate), then normal readings. One reading of
    /// another sensor of the device too, which the rebuild must leave out.
    /// </summary>
    private static List<SensorReading> Stream()
    {
        var random = new Random(11);
        var list = new List<SensorReading>();
        void Add(string sensor, double value, DateTimeOffset at) =>
            list.Add(new SensorReading(list.Count + 1, "oven-1", sensor, "temperature", "°C", "reading", value, at));
        for (var i = 0; i < Before; i++)
        {
            Add("t1", i >= Before - 15 ? 61.0 : 60 + random.NextDouble(), Start.AddSeconds(i));
            if (i == Before - 1)
            {
                Add("t2", 200.5, Start.AddSeconds(i)); // another sensor: out of range, never part of t1's memory
            }
        }

        Add("t1", 161.0, Start.AddSeconds(Before));        // +100 °C in 1 s from the last plausible value
        for (var i = Before + 1; i <= Before + 5; i++)
        {
            Add("t1", 61.0, Start.AddSeconds(i));
        }

        Add("t1", 60.4, Start.AddSeconds(Before - 100));   // the timestamp of a reading stored before the takeover
        for (var i = Before + 6; i < Before + 20; i++)
        {
            Add("t1", 60 + random.NextDouble(), Start.AddSeconds(i));
        }

        return list;
    }

    private static (ValidationAgent Agent, RecordingBus Bus) Create(StoredReadingHistory? history, ValidationOptions? options = null)
    {
        var bus = new RecordingBus();
        // Judged an hour after the stream: every reading is inside MaxAge and none in the future.
        var time = new FakeTimeProvider(Start.AddHours(1));
        return (new ValidationAgent(bus, time, Options.Create(options ?? new ValidationOptions()), new AgentMetrics(), history), bus);
    }

    private static async Task HandleAsync(ValidationAgent agent, IEnumerable<SensorReading> readings)
    {
        foreach (var r in readings)
        {
            await agent.HandleAsync(new ReadingReceived(new EventMeta($"r{r.ReadingId}", r.DeviceId, $"r{r.ReadingId}", r.Timestamp), r),
                CancellationToken.None);
        }
    }

    /// <summary>Every decision: the reading's id and "valid" or the rule that rejected it.</summary>
    private static List<string> Decisions(RecordingBus bus) =>
        [.. bus.Published.Select(e => e switch
        {
            ReadingValidated v => $"r{v.Reading.ReadingId} valid",
            ReadingRejected j => $"r{j.Reading.ReadingId} {j.Rule}",
            _ => e.GetType().Name,
        })];

    private static int Split(List<SensorReading> stream) => stream.FindIndex(r => r.Timestamp >= Start.AddSeconds(Before) && r.SensorId == "t1");

    [Fact]
    public async Task Handle_FreshAgentFirstSeesTheSensorAtReadingNPlusOne_DecidesLikeTheUninterruptedAgent()
    {
        var stream = Stream();
        var split = Split(stream);
        var (uninterrupted, bus) = Create(history: null);
        await HandleAsync(uninterrupted, stream.Take(split));
        bus.Published.Clear();
        await HandleAsync(uninterrupted, stream.Skip(split));
        var expected = Decisions(bus);
        // The stream is worth comparing: after the takeover each rule needs the memory of what came before.
        Assert.Equal($"r{stream[split].ReadingId} rate", expected[0]);
        Assert.Equal($"r{stream[split + 5].ReadingId} stuck", expected[5]);
        Assert.Equal($"r{stream[split + 6].ReadingId} duplicate", expected[6]);

        // Another instance takes the partition over at reading N+1: it has only the database's readings 1..N.
        var history = new StoredReadingHistory(stream);
        var (takeover, takeoverBus) = Create(history);
        await HandleAsync(takeover, stream.Skip(split));

        Assert.Equal(expected, Decisions(takeoverBus));
        Assert.Equal(["oven-1/t1"], history.SensorReads); // rebuilt once, on its first reading
    }

    [Fact]
    public async Task Handle_FreshAgentWithoutRebuild_AcceptsWhatTheUninterruptedAgentRejects()
    {
        // The control: without the rebuild (window zero) the three rejections above are missed.
        var stream = Stream();
        var split = Split(stream);
        var history = new StoredReadingHistory(stream);
        var (fresh, bus) = Create(history, new ValidationOptions { RebuildWindow = TimeSpan.Zero });

        await HandleAsync(fresh, stream.Skip(split));

        var decisions = Decisions(bus);
        Assert.Equal([$"r{stream[split].ReadingId} valid", $"r{stream[split + 5].ReadingId} valid", $"r{stream[split + 6].ReadingId} valid"],
            [decisions[0], decisions[5], decisions[6]]);
        Assert.Empty(history.SensorReads);
    }

    [Fact]
    public async Task Forget_SensorsOfAMovedPartition_RebuiltAtTheirNextReadingOthersKept()
    {
        var stream = Stream();
        var split = Split(stream);
        var history = new StoredReadingHistory(stream);
        var (agent, _) = Create(history);
        var t2 = new SensorReading(stream.Count + 1, "oven-1", "t2", "temperature", "°C", "reading", 60, Start.AddSeconds(Before + 30));
        await HandleAsync(agent, [stream[split], t2]);
        Assert.Equal(["oven-1/t1", "oven-1/t2"], history.SensorReads);

        // t1's partition moved away and back: its memory goes; t2's stays.
        Assert.Equal(1, agent.Forget((device, sensor) => sensor == "t1"));
        await HandleAsync(agent, [stream[split + 1], t2 with { ReadingId = t2.ReadingId + 1, Timestamp = t2.Timestamp.AddSeconds(1) }]);

        Assert.Equal(["oven-1/t1", "oven-1/t2", "oven-1/t1"], history.SensorReads);
    }

    [Fact]
    public void Validate_NegativeRebuildSettings_ReportsBoth()
    {
        var errors = new ValidationOptions { RebuildWindow = TimeSpan.FromSeconds(-1), RebuildMaxReadings = -1 }.Validate().ToList();

        Assert.Contains(errors, e => e.Contains("RebuildWindow", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("RebuildMaxReadings", StringComparison.Ordinal));
    }
}
