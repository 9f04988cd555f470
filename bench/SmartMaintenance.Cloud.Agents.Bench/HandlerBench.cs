using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Acquisition;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.DriftDetection;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Hosting;
using SmartMaintenance.Cloud.Agents.Learning;
using SmartMaintenance.Cloud.Agents.Orchestration;
using SmartMaintenance.Cloud.Agents.Prediction;
using SmartMaintenance.Cloud.Agents.Storage;
using SmartMaintenance.Cloud.Agents.Validation;
using SmartMaintenance.Cloud.Detection.Machine;

namespace SmartMaintenance.Cloud.Agents.Bench;

/// <summary>
/// Per-event cost of each handler on the reading path (and of the detector alone, an anomaly's database work and
/// the bus's delivery wrapper), called directly one after the other (no queueing, no parallelism) over the latency
/// mode's reading stream, with SQLite agent tables in a temp folder. Says where a consumer's time goes; the handlers
/// publish to a bus that only counts (and keeps the anomalies for the database rows).
/// </summary>
internal static class HandlerBench
{
    public static async Task<int> RunAsync(int readings, int sensors)
    {
        var (services, directory) = LatencyBench.AgentServices("sm-agents-handlers");
        var counting = new CountingBus();
        services.AddSingleton<IEventBus>(counting);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<AgentMigrator>().MigrateAsync(CancellationToken.None);

        var received = LatencyBench.Readings(readings, rate: 10_000, sensors, DateTimeOffset.UtcNow)
            .Select(r => new ReadingReceived(new EventMeta($"r{r.ReadingId}", r.DeviceId, r.CorrelationId!, DateTimeOffset.UtcNow), r))
            .ToArray();
        var validated = received.Select(e => new ReadingValidated(e.Meta.Next("valid", DateTimeOffset.UtcNow), e.Reading)).ToArray();
        var ct = CancellationToken.None;

        await Time("ValidationAgent", received, provider.GetRequiredService<ValidationAgent>().HandleAsync);
        // The machine alert path alone (what the anomaly agent runs per observation row, before any database work):
        // one per device, over the rows of its sensors' readings (same timestamp); the baseline fit is inside.
        var anomalyOptions = provider.GetRequiredService<IOptions<AnomalyOptions>>().Value;
        var paths = new Dictionary<string, MachineAlertPath>();
        var rows = validated.GroupBy(e => (e.Reading.DeviceId, e.Reading.Timestamp))
            .Select(g => (Device: g.Key.DeviceId, At: g.Key.Timestamp, Values: g.Select(e => new SensorValue(e.Reading.SensorId, e.Reading.Value)).ToArray()))
            .ToArray();
        await Time("MachineAlertPath.Observe/row", rows, (row, _) =>
        {
            if (!paths.TryGetValue(row.Device, out var path))
            {
                path = new MachineAlertPath(anomalyOptions.Detector, anomalyOptions.Incident);
                paths[row.Device] = path;
            }

            path.Observe(row.At, row.Values);
            return Task.CompletedTask;
        });
        await Time("AnomalyDetectionAgent", validated, provider.GetRequiredService<AnomalyDetectionAgent>().HandleAsync);
        Console.WriteLine($"incidents opened by the anomaly agent: {counting.Anomalies.Count} (unresolved ones absorb later spikes)");
        await Time("DriftDetectionAgent", validated, provider.GetRequiredService<DriftDetectionAgent>().HandleAsync);
        await Time("PredictionAgent", validated, provider.GetRequiredService<PredictionAgent>().HandleAsync);
        await Time("GoldenPathTracker", validated, provider.GetRequiredService<GoldenPathTracker>().HandleAsync);

        // The database work of an anomaly (before it is published): similar cases, then the stored row.
        var anomalies = counting.Anomalies.ToArray();
        var knowledge = provider.GetRequiredService<IKnowledgeBase>();
        if (anomalies.Length == 0)
        {
            Console.Error.WriteLine("no incident opened: the stream's spikes come after the machine baseline; raise --readings");
            // The temp folder goes on this path too (sm-agents-latency* folders were left in /tmp by runs without alerts).
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
            return 1;
        }

        await Time("IKnowledgeBase.FindSimilar", anomalies, (a, c) => knowledge.FindSimilarAsync(a.Reading.SensorType, [1, 0, 0, 0], 3, c));
        var store = provider.GetRequiredService<IAnomalyStore>();
        await Time("IAnomalyStore.Add (new ids)", anomalies.Select(a => a with { Meta = a.Meta.Next("again", a.Meta.OccurredAt) }).ToArray(),
            store.AddAsync);
        // The spike: the anomalies of all sensors at once, from the 4 partitioned consumers (each one after the other,
        // as a partition runs them); wall time per anomaly.
        await TimeLanes("IAnomalyStore.Add, 4 lanes", anomalies.Select(a => a with { Meta = a.Meta.Next("lanes", a.Meta.OccurredAt) }).ToArray(),
            4, store.AddAsync);
        // With resolved incidents in the knowledge base (the search above ran on an empty one).
        for (var i = 0; i < 20; i++)
        {
            await knowledge.AddAsync(new Incident(0, "vibration", [i % 4 == 0 ? 1 : 0.1, i % 4 == 1 ? 1 : 0.1, i % 4 == 2 ? 1 : 0.1, 0.2],
                "symptoms " + i, "cause " + i, "fix " + i, DateTimeOffset.UtcNow), ct);
        }

        await Time("IKnowledgeBase.FindSimilar/20", anomalies, (a, c) => knowledge.FindSimilarAsync(a.Reading.SensorType, [1, 0, 0, 0], 3, c));

        // The wrapper every delivery goes through (duplicate check, log scope, metrics), around a handler doing nothing.
        var dispatcher = provider.GetRequiredService<EventDispatcher>();
        var noop = new Subscription(typeof(ReadingValidated), typeof(GoldenPathTracker));
        await Time("EventDispatcher (tracker)", validated.Select(e => e with { Meta = e.Meta.Next("x", e.Meta.OccurredAt) }).ToArray(),
            (e, c) => dispatcher.DeliverAsync(noop, e, c));

        Console.WriteLine($"events published by the handlers: {counting.Count}");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return 0;

        async Task Time<T>(string name, T[] events, Func<T, CancellationToken, Task> handle)
        {
            var gc = GC.CollectionCount(0);
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            foreach (var e in events)
            {
                await handle(e, ct);
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Console.WriteLine($"{name,-28} {elapsed.TotalMicroseconds / events.Length,8:F2} µs/event  {bytes / events.Length,7} B/event  " +
                $"gen0 {GC.CollectionCount(0) - gc}  ({events.Length} events, {elapsed.TotalMilliseconds:F0} ms)");
        }
    }

    private static async Task TimeLanes<T>(string name, T[] events, int lanes, Func<T, CancellationToken, Task> handle)
    {
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, lanes).Select(lane => Task.Run(async () =>
        {
            for (var i = lane; i < events.Length; i += lanes)
            {
                await handle(events[i], CancellationToken.None);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"{name,-28} {elapsed.TotalMicroseconds / events.Length,8:F2} µs/event (wall)  ({events.Length} events, {elapsed.TotalMilliseconds:F0} ms)");
    }

    private sealed class CountingBus : IEventBus
    {
        public long Count;

        public ConcurrentQueue<AnomalyDetected> Anomalies { get; } = new();

        public ValueTask PublishAsync(AgentEvent @event, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Count);
            if (@event is AnomalyDetected a)
            {
                Anomalies.Enqueue(a);
            }

            return ValueTask.CompletedTask;
        }
    }
}
