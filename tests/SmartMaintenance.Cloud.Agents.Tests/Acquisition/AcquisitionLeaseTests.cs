using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using SmartMaintenance.Cloud.Agents.Acquisition;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Metrics;
using SmartMaintenance.Cloud.Agents.Storage;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.Acquisition;

/// <summary>
/// Two data acquisition agents on one real PostgreSQL database, as two cloud instances would be: each with its own
/// lease (its own dedicated connection), the same agent_cursors table and the same readings.
/// </summary>
public sealed class AcquisitionLeaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private sealed record Instance(DataAcquisitionAgent Agent, PostgresAcquisitionLease Lease, CountingSource Source, HookBus Bus, AgentMetrics Metrics,
        CapturingLogger<DataAcquisitionAgent> Log);

    private static Instance Start(AgentHarness harness, Readings readings, TimeProvider time, int batchSize = 2)
    {
        var options = Options.Create(new AcquisitionOptions { BatchSize = batchSize, PollInterval = TimeSpan.FromSeconds(1) });
        var lease = new PostgresAcquisitionLease(harness.Get<AgentDatabase>(), options, NullLogger<PostgresAcquisitionLease>.Instance);
        var source = new CountingSource(readings);
        var bus = new HookBus();
        var metrics = new AgentMetrics();
        var log = new CapturingLogger<DataAcquisitionAgent>();
        var agent = new DataAcquisitionAgent(source, bus, lease, new AcquisitionSignal(), metrics, time, options, log);
        return new Instance(agent, lease, source, bus, metrics, log);
    }

    /// <summary>What an instance logged about the lease: level and message.</summary>
    private static List<(LogLevel Level, string Message)> LeaseLog(Instance instance) =>
        [.. instance.Log.Entries.Where(e => e.Message.Contains("acquisition lease", StringComparison.Ordinal))];

    [Fact]
    public async Task PollOnce_FirstTakeAtStartIsInformationTakeoverFromAnotherInstanceIsWarning()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time, await PostgresServer.CreateDatabaseAsync("agents_lease"));
        var readings = new Readings(1, 2, 3);
        var a = Start(harness, readings, time);
        var b = Start(harness, readings, time);
        try
        {
            await a.Agent.PollOnceAsync(CancellationToken.None);
            await b.Agent.PollOnceAsync(CancellationToken.None); // a follower: nothing to say
            var first = Assert.Single(LeaseLog(a));
            Assert.Equal(LogLevel.Information, first.Level);
            Assert.Empty(LeaseLog(b));

            // The leader goes (a graceful stop releases the lock at once): b takes over from another instance.
            await a.Lease.DisposeAsync();
            await Eventually.WaitForAsync(async () =>
            {
                await b.Agent.PollOnceAsync(CancellationToken.None);
                return b.Agent.Role;
            }, role => role == "leader", TimeSpan.FromSeconds(30), "the follower taking the lease");

            var takeover = Assert.Single(LeaseLog(b));
            Assert.Equal(LogLevel.Warning, takeover.Level);
            Assert.Contains("took over", takeover.Message, StringComparison.Ordinal);
            Assert.Equal(1L, b.Metrics.Snapshot(Now).AcquisitionTakeovers);
        }
        finally
        {
            await a.Lease.DisposeAsync();
            await b.Lease.DisposeAsync();
        }
    }

    [Fact]
    public async Task PollOnce_TwoAgentsOnOnePostgres_OnlyTheLeaseHolderReads()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time, await PostgresServer.CreateDatabaseAsync("agents_lease"));
        var readings = new Readings(1, 2, 3, 4, 5);
        var a = Start(harness, readings, time);
        var b = Start(harness, readings, time);
        try
        {
            for (var i = 0; i < 4; i++)
            {
                await a.Agent.PollOnceAsync(CancellationToken.None);
                await b.Agent.PollOnceAsync(CancellationToken.None);
            }

            Assert.Equal(("leader", "follower"), (a.Agent.Role, b.Agent.Role));
            Assert.Equal(["r1", "r2", "r3", "r4", "r5"], a.Bus.Ids());
            Assert.Empty(b.Bus.Ids());
            Assert.Empty(b.Source.Calls); // a follower never reads the store
            Assert.Equal((1L, 0L), (a.Metrics.Snapshot(Now).AcquisitionTakeovers, b.Metrics.Snapshot(Now).AcquisitionTakeovers));
        }
        finally
        {
            await a.Lease.DisposeAsync();
            await b.Lease.DisposeAsync();
        }
    }

    [Fact]
    public async Task PollOnce_LeaderSessionTerminatedMidPage_FollowerTakesOverFromThePersistedCursorWithoutSkipping()
    {
        var time = new FakeTimeProvider(Now);
        var database = await PostgresServer.CreateDatabaseAsync("agents_lease");
        await using var harness = await AgentHarness.CreateAsync(time, database);
        var readings = new Readings(1, 2, 3, 4, 5, 6, 7);
        var a = Start(harness, readings, time);
        var b = Start(harness, readings, time);
        try
        {
            Assert.Equal(2, await a.Agent.PollOnceAsync(CancellationToken.None)); // r1, r2; cursor 2
            Assert.Equal(0, await b.Agent.PollOnceAsync(CancellationToken.None));

            // The leader's session ends while it publishes the next page (as when its process is killed or its
            // connection drops): it has published r3 and r4 but has not moved the cursor past 2.
            a.Bus.OnPublish = id => id == "r4" ? TerminateLeaseHolderAsync(database) : Task.CompletedTask;
            await Assert.ThrowsAnyAsync<Exception>(() => a.Agent.PollOnceAsync(CancellationToken.None));
            a.Bus.OnPublish = _ => Task.CompletedTask;
            Assert.Equal("follower", a.Agent.Role);

            // The follower gets the lock once the server has ended the old session; it reads from the persisted cursor.
            await Eventually.WaitForAsync(() => b.Agent.PollOnceAsync(CancellationToken.None), n => n > 0, TimeSpan.FromSeconds(30),
                "the follower taking over");
            while (await b.Agent.PollOnceAsync(CancellationToken.None) > 0)
            {
            }

            Assert.Equal(0, await a.Agent.PollOnceAsync(CancellationToken.None)); // the old leader stays a follower
            Assert.Equal(("follower", "leader"), (a.Agent.Role, b.Agent.Role));
            Assert.Equal(2, b.Source.Calls[0].AfterId);
            Assert.Equal(["r1", "r2", "r3", "r4"], a.Bus.Ids());
            Assert.Equal(["r3", "r4", "r5", "r6", "r7"], b.Bus.Ids());

            // Every reading entered the bus; the only repeats are the in-flight page, with the same derived event ids
            // (what JetStream's Nats-Msg-Id duplicate window drops).
            var all = a.Bus.Ids().Concat(b.Bus.Ids()).ToList();
            Assert.Equal(["r1", "r2", "r3", "r4", "r5", "r6", "r7"], all.Distinct());
            Assert.Equal(["r3", "r4"], all.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key));
            Assert.Equal(1L, b.Metrics.Snapshot(Now).AcquisitionTakeovers);
            Assert.Equal(7L, await CursorAsync(database));
        }
        finally
        {
            await a.Lease.DisposeAsync();
            await b.Lease.DisposeAsync();
        }
    }

    [Fact]
    public async Task Execute_LeaderStops_FollowerTakesOverAtItsNextRetryOnTheFakeClock()
    {
        var time = new FakeTimeProvider(Now);
        var database = await PostgresServer.CreateDatabaseAsync("agents_lease");
        await using var harness = await AgentHarness.CreateAsync(time, database);
        var readings = new Readings(1, 2);
        var a = Start(harness, readings, time);
        var b = Start(harness, readings, time);
        try
        {
            await a.Agent.StartAsync(CancellationToken.None);
            // The cursor, not the bus: the page is published before the cursor moves.
            await Eventually.WaitForAsync(() => CursorAsync(database), p => p == 2, TimeSpan.FromSeconds(30), "the leader's cursor");
            await b.Agent.StartAsync(CancellationToken.None);

            // A graceful stop releases the lease; one reading arrives after it.
            await a.Agent.StopAsync(CancellationToken.None);
            readings.Add(3);

            await Eventually.WaitForAsync(() =>
            {
                time.Advance(new AcquisitionOptions().LeaseRetryInterval);
                return Task.FromResult(b.Bus.Ids());
            }, ids => ids.Count >= 1, TimeSpan.FromSeconds(30), "the follower publishing the new reading");
            Assert.Equal(["r3"], b.Bus.Ids());
            Assert.Equal("leader", b.Agent.Role);
            await b.Agent.StopAsync(CancellationToken.None);
        }
        finally
        {
            await a.Lease.DisposeAsync();
            await b.Lease.DisposeAsync();
        }
    }

    [Fact]
    public void Validate_NonPositiveIntervalsAndBatch_ReportsEachProblem()
    {
        var errors = new AcquisitionOptions { PollInterval = TimeSpan.Zero, BatchSize = 0, LeaseRetryInterval = TimeSpan.Zero }.Validate().ToList();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("LeaseRetryInterval", StringComparison.Ordinal));
        Assert.Empty(new AcquisitionOptions().Validate());
    }

    /// <summary>Ends the session holding the lease's advisory lock in this database, from another connection.</summary>
    private static async Task TerminateLeaseHolderAsync(string database)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(pg_terminate_backend(pid)) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, connection);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    private static async Task<long?> CursorAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT position FROM agent_cursors WHERE name = '{DataAcquisitionAgent.CursorName}'", connection);
        return await command.ExecuteScalarAsync() is long position ? position : null;
    }

    /// <summary>The readings both instances see (the shared store).</summary>
    private sealed class Readings(params long[] ids)
    {
        private readonly List<long> _ids = [.. ids];

        public void Add(long id)
        {
            lock (_ids)
            {
                _ids.Add(id);
            }
        }

        public IReadOnlyList<SensorReading> After(long afterId, int limit)
        {
            lock (_ids)
            {
                return [.. _ids.Where(id => id > afterId).Order().Take(limit)
                    .Select(id => new SensorReading(id, "dev-1", "t1", "temperature", "C", "reading", 20 + id, Now.AddSeconds(id), "corr-1"))];
            }
        }
    }

    /// <summary>One instance's view of the store, recording each keyset read.</summary>
    private sealed class CountingSource(Readings readings) : IReadingSource
    {
        public List<(long AfterId, int Limit)> Calls { get; } = [];

        public Task<IReadOnlyList<SensorReading>> ReadAfterAsync(long afterId, int limit, CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                Calls.Add((afterId, limit));
            }

            return Task.FromResult(readings.After(afterId, limit));
        }
    }

    /// <summary>Records published event ids, and runs a hook after each (to end the leader's session mid-page).</summary>
    private sealed class HookBus : IEventBus
    {
        private readonly List<string> _ids = [];

        public Func<string, Task> OnPublish { get; set; } = _ => Task.CompletedTask;

        public async ValueTask PublishAsync(AgentEvent @event, CancellationToken cancellationToken = default)
        {
            lock (_ids)
            {
                _ids.Add(@event.EventId);
            }

            await OnPublish(@event.EventId);
        }

        public List<string> Ids()
        {
            lock (_ids)
            {
                return [.. _ids];
            }
        }
    }
}
