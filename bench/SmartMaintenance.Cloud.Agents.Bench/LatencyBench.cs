using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartMaintenance.Cloud.Agents.Acquisition;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Hosting;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Cloud.Agents.Pipeline;
using SmartMaintenance.Cloud.Agents.Storage;

namespace SmartMaintenance.Cloud.Agents.Bench;

/// <summary>
/// Publish-to-incident-opened latency: the agent services (real bus, real agents, SQLite agent tables in a temp folder)
/// with ReadingReceived published at a fixed rate (open loop, paced every millisecond) over many sensors, 10 per device
/// sampled at one instant (one observation row per device and instant). After the machines' baselines, every 200th row
/// of a device is a spike on all its sensors (+8 mm/s over noise of 1, inside the validation rate limit of 1000 mm/s per
/// second at 100 readings/s per sensor). The latency of an incident is the time from publishing the reading that
/// completed the spike's row to the incident's AnomalyDetected event reaching a probe subscribed beside the notification
/// agent. The probe then resolves the incident (as an operator would, "no fault"), so the next spike opens a new one.
/// </summary>
internal static class LatencyBench
{
    /// <summary>
    /// The agent services both bench modes run: the real pipeline over SQLite agent tables in a fresh temp folder,
    /// no reading store (the bench publishes the readings itself) and no periodic predictions.
    /// </summary>
    internal static (ServiceCollection Services, string Directory) AgentServices(string folderPrefix)
    {
        var directory = Directory.CreateTempSubdirectory(folderPrefix).FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cloud:Storage:SqlitePath"] = Path.Combine(directory, "agents.db"),
            ["Cloud:Agents:Prediction:PeriodicInterval"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IReadingSource, NoReadings>();
        services.AddSingleton<IReadingWriter, NoReadings>();
        services.AddAgentPipeline(configuration);
        return (services, directory);
    }

    public static async Task<int> RunAsync(int rate, int seconds, int sensors)
    {
        var (services, directory) = AgentServices("sm-agents-latency");
        services.AddSingleton(AgentPipeline.Define().On<AnomalyDetected, AlertProbe>());
        // Rows per device per second: the baseline must be complete before the first spike (Readings).
        if (rate / Math.Max(1, sensors / 10) * seconds < 1000)
        {
            Console.Error.WriteLine($"warning: {rate / Math.Max(1, sensors / 10) * seconds} rows per device; spikes start after row 400 (machine baseline 300)");
        }

        services.AddSingleton<AlertProbe>();
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<AgentMigrator>().MigrateAsync(CancellationToken.None);
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var h in hosted)
        {
            await h.StartAsync(CancellationToken.None);
        }

        var probe = provider.GetRequiredService<AlertProbe>();
        var bus = provider.GetRequiredService<IEventBus>();
        // Deepest queue per subscription, sampled every 100 ms: where the readings wait when the pipeline falls behind.
        var transport = provider.GetRequiredService<IEventTransport>();
        var deepest = new ConcurrentDictionary<string, int>();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                foreach (var (name, depth) in transport.Depths)
                {
                    deepest.AddOrUpdate(name, depth, (_, d) => Math.Max(d, depth));
                }

                await Task.Delay(100, CancellationToken.None);
            }
        }, CancellationToken.None);
        var total = rate * seconds;
        using var stream = Readings(total, rate, sensors, DateTimeOffset.UtcNow).GetEnumerator();
        var clock = Stopwatch.StartNew();
        long published = 0;
        while (published < total)
        {
            var due = Math.Min(total, (long)(clock.Elapsed.TotalSeconds * rate) + 1);
            for (; published < due && stream.MoveNext(); published++)
            {
                var reading = stream.Current;
                var id = $"r{reading.ReadingId}";
                probe.Published[id] = Stopwatch.GetTimestamp();
                await bus.PublishAsync(new ReadingReceived(new EventMeta(id, reading.DeviceId, reading.CorrelationId!, DateTimeOffset.UtcNow), reading));
            }

            await Task.Delay(1);
        }

        var sent = clock.Elapsed;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30) && probe.LastAlertAge() < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(100);
        }

        sampling.Cancel();
        await sampler;
        foreach (var h in hosted.AsEnumerable().Reverse())
        {
            await h.StopAsync(CancellationToken.None);
        }

        Console.WriteLine("deepest queues: " + string.Join(", ", deepest.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value)
            .Select(kv => $"{kv.Key} {kv.Value}")));
        var latencies = probe.Latencies.ToArray();
        Array.Sort(latencies);
        Console.WriteLine($"published {published} readings in {sent.TotalSeconds:F2} s ({published / sent.TotalSeconds:F0}/s offered), {sensors} sensors");
        if (latencies.Length == 0)
        {
            Console.Error.WriteLine("no alert arrived");
            // The temp folder goes on this path too (sm-agents-latency* folders were left in /tmp by runs without alerts).
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
            return 1;
        }

        double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
        Console.WriteLine($"incidents opened {latencies.Length}: p50 {P(0.5):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms, max {latencies[^1]:F1} ms");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return 0;
    }

    /// <summary>
    /// The bench's reading stream: sensors in turn, 10 per device, all sensors of a row at one instant; from row 400 (after
    /// the machine baseline of 300 rows) every 200th row a spike on all of a device's sensors.
    /// </summary>
    internal static IEnumerable<SensorReading> Readings(long total, int rate, int sensors, DateTimeOffset start)
    {
        var random = new Random(7);
        for (long i = 0; i < total; i++)
        {
            var sensor = (int)(i % sensors);
            var n = i / sensors;
            var spike = n >= 400 && n % 200 == 0;
            var value = 60 + random.NextDouble() + (spike ? 8 : 0);
            var at = start.AddMilliseconds(n * 1000.0 * sensors / rate);
            var id = i + 1;
            yield return new SensorReading(id, "bench-" + (sensor / 10), "s" + sensor, "vibration", "mm/s", "reading", value, at, "bench-" + id);
        }
    }

    internal sealed class AlertProbe(IncidentService incidents) : IEventHandler<AnomalyDetected>
    {
        private long _last = Stopwatch.GetTimestamp();

        public ConcurrentDictionary<string, long> Published { get; } = new();

        public ConcurrentBag<double> Latencies { get; } = [];

        public TimeSpan LastAlertAge() => Stopwatch.GetElapsedTime(Interlocked.Read(ref _last));

        public Task HandleAsync(AnomalyDetected @event, CancellationToken cancellationToken)
        {
            var now = Stopwatch.GetTimestamp();
            Interlocked.Exchange(ref _last, now);
            var readingEvent = @event.EventId[..@event.EventId.IndexOf('/', StringComparison.Ordinal)];
            if (Published.TryRemove(readingEvent, out var at))
            {
                Latencies.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
            }

            return @event.IncidentId is { } id
                ? incidents.ResolveAsync(id, "bench", "no-fault", null, cancellationToken)
                : Task.CompletedTask;
        }
    }

    internal sealed class NoReadings : IReadingSource, IReadingWriter
    {
        public Task<IReadOnlyList<SensorReading>> ReadAfterAsync(long afterId, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<SensorReading>>([]);

        public Task<IReadOnlyList<long>> AppendAsync(IReadOnlyList<GeneratedReading> readings, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the latency bench publishes readings directly");
    }
}
