using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Acquisition;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Metrics;
using SmartMaintenance.Cloud.Agents.Storage;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.Acquisition;

public sealed class DataAcquisitionAgentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static DataAcquisitionAgent Create(AgentHarness harness, InMemorySource source, RecordingBus bus, TimeProvider time,
        AcquisitionSignal? signal = null, int batchSize = 1000, TimeSpan? pollInterval = null) =>
        new(source, bus, new LocalAcquisitionLease(harness.Get<ICursorStore>()), signal ?? new AcquisitionSignal(), new AgentMetrics(), time,
            Options.Create(new AcquisitionOptions { BatchSize = batchSize, PollInterval = pollInterval ?? TimeSpan.FromSeconds(1) }),
            NullLogger<DataAcquisitionAgent>.Instance);

    private static async Task<long?> StoredCursorAsync(AgentHarness harness)
    {
        await using var connection = await harness.Get<AgentDatabase>().OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT position FROM agent_cursors WHERE name = '{DataAcquisitionAgent.CursorName}'";
        return await command.ExecuteScalarAsync() is { } value and not DBNull ? Convert.ToInt64(value) : null;
    }

    [Fact]
    public async Task PollOnce_ThreeReadingsInPagesOfTwo_ReadsAfterTheCursorAndStoresItInAgentCursors()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);
        var source = new InMemorySource(1, 2, 3);
        var bus = new RecordingBus();
        var agent = Create(harness, source, bus, time, batchSize: 2);

        Assert.Equal(2, await agent.PollOnceAsync(CancellationToken.None));
        Assert.Equal(2, await StoredCursorAsync(harness));
        Assert.Equal(1, await agent.PollOnceAsync(CancellationToken.None));
        Assert.Equal(3, await StoredCursorAsync(harness));
        Assert.Equal(0, await agent.PollOnceAsync(CancellationToken.None));

        Assert.Equal([(0L, 2), (2L, 2), (3L, 2)], source.Calls);
        Assert.Equal(["r1", "r2", "r3"], bus.Of<ReadingReceived>().Select(e => e.EventId));
    }

    [Fact]
    public async Task PollOnce_NewAgentOverTheSameCursor_ResumesWithoutRepublishing()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);
        var source = new InMemorySource(1, 2, 3);
        await Create(harness, source, new RecordingBus(), time).PollOnceAsync(CancellationToken.None);

        // A restart: a new agent (new process state), the same agent_cursors table; one reading arrived meanwhile.
        source.Add(4);
        var bus = new RecordingBus();
        var restarted = Create(harness, source, bus, time);
        Assert.Equal(1, await restarted.PollOnceAsync(CancellationToken.None));

        Assert.Equal(["r4"], bus.Of<ReadingReceived>().Select(e => e.EventId));
        Assert.Equal(3, source.Calls[^1].AfterId);
    }

    [Fact]
    public async Task PollOnce_Reading_ReadingReceivedCarriesItsCorrelationDeviceAndClockTime()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);
        var source = new InMemorySource();
        source.Add(7, correlation: "sim-drift-1");
        source.Add(8, correlation: null);
        var bus = new RecordingBus();

        await Create(harness, source, bus, time).PollOnceAsync(CancellationToken.None);

        var events = bus.Of<ReadingReceived>();
        Assert.Equal(["sim-drift-1", "r8"], events.Select(e => e.CorrelationId)); // without one, the reading's own id
        Assert.All(events, e => Assert.Equal(("dev-1", Now), (e.DeviceId, e.Meta.OccurredAt)));
        Assert.Equal(7, events[0].Reading.ReadingId);
    }

    [Fact]
    public async Task Execute_ReadingStoredWhileIdle_PublishedWhenThePollIntervalPassesOnTheFakeClock()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);
        var source = new InMemorySource();
        var bus = new RecordingBus();
        // An hour: real time could never wake it within the test, only the fake clock does.
        var agent = Create(harness, source, bus, time, pollInterval: TimeSpan.FromHours(1));
        await agent.StartAsync(CancellationToken.None);
        await Eventually.WaitForAsync(() => Task.FromResult(source.Calls.Count), n => n >= 1, TimeSpan.FromSeconds(10), "the first poll");
        source.Add(1);

        await Eventually.WaitForAsync(() =>
        {
            time.Advance(TimeSpan.FromHours(1));
            return Task.FromResult(bus.Of<ReadingReceived>().Count);
        }, n => n == 1, TimeSpan.FromSeconds(10), "the reading after a poll interval");
        await agent.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Execute_WriterNotifies_PublishedWithoutWaitingForThePollInterval()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);
        var source = new InMemorySource();
        var bus = new RecordingBus();
        var signal = new AcquisitionSignal();
        var agent = Create(harness, source, bus, time, signal, pollInterval: TimeSpan.FromHours(1));
        await agent.StartAsync(CancellationToken.None);
        await Eventually.WaitForAsync(() => Task.FromResult(source.Calls.Count), n => n >= 1, TimeSpan.FromSeconds(10), "the first poll");

        source.Add(1);
        signal.Notify();

        await Eventually.WaitForAsync(() => Task.FromResult(bus.Of<ReadingReceived>().Count), n => n == 1, TimeSpan.FromSeconds(10),
            "the reading after the writer's notify (the fake clock never moved)");
        await agent.StopAsync(CancellationToken.None);
    }

    /// <summary>A reading store in memory that records each keyset read (after id, limit).</summary>
    private sealed class InMemorySource(params long[] ids) : IReadingSource
    {
        private readonly List<SensorReading> _readings = [.. ids.Select(id => Reading(id, "corr-1"))];

        public List<(long AfterId, int Limit)> Calls { get; } = [];

        public void Add(long id, string? correlation = "corr-1")
        {
            lock (_readings)
            {
                _readings.Add(Reading(id, correlation));
            }
        }

        public Task<IReadOnlyList<SensorReading>> ReadAfterAsync(long afterId, int limit, CancellationToken cancellationToken)
        {
            lock (_readings)
            {
                Calls.Add((afterId, limit));
                return Task.FromResult<IReadOnlyList<SensorReading>>(
                    [.. _readings.Where(r => r.ReadingId > afterId).OrderBy(r => r.ReadingId).Take(limit)]);
            }
        }

        private static SensorReading Reading(long id, string? correlation) =>
            new(id, "dev-1", "t1", "temperature", "C", "reading", 20 + id, Now.AddSeconds(id), correlation);
    }
}
