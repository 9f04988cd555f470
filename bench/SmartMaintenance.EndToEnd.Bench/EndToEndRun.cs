using System.Diagnostics;
using System.Globalization;
using SmartMaintenance.EdgeBroker.Bench;

namespace SmartMaintenance.EndToEnd.Bench;

/// <summary>
/// One run, in data-flow order: cloud (own process unless --cloud inproc, fresh PostgreSQL database) -> broker (own process,
/// forwarding to that cloud with an ingest+broker key) -> devices connected -> publish for the duration while the
/// commit poller stamps new rows -> drain -> exact count.
/// </summary>
internal static class EndToEndRun
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    public static async Task<RunResult> RunAsync(E2eOptions o, TextWriter progress)
    {
        var startedUtc = DateTime.UtcNow;
        var loadAtStart = CpuMeter.LoadAverage();
        await using var cloud = await CloudUnderTest.StartAsync(o.CloudInProcess);
        using var cloudHttp = cloud.Client();
        var brokerKey = await DiagnosticsReader.CreateBrokerKeyAsync(cloudHttp);
        await using var broker = await EdgeBrokerUnderTest.StartAsync(cloud.Url, o.Devices, o.Fsync, brokerKey, o.BrokerArgs());
        var log = new PublishLog(o.Devices);
        await using var fleet = await PublisherFleet.ConnectAsync(broker.Target, o, log);
        progress.WriteLine($"cloud {cloud.Url} (PostgreSQL, pid {cloud.ProcessId}), broker pid {broker.ProcessId} on MQTT port {broker.Target.Port}, {o.Devices} devices connected");

        var start = Stopwatch.GetTimestamp();
        var horizon = o.Duration + TimeSpan.FromSeconds(o.DrainTimeoutSeconds) + TimeSpan.FromMinutes(1);
        var published = new RateSeries(start, horizon);
        var committed = new RateSeries(start, horizon);
        await using var poller = new CommitPoller(cloud.ConnectionString, log, committed, TimeSpan.FromMilliseconds(o.PollMs));
        var cpu = new CpuMeter(cloud.ProcessId, broker.ProcessId);
        var cpuBefore = cpu.Take();
        var metricsBefore = await DiagnosticsReader.ReadAsync(broker, cloudHttp);
        var resources = new ResourceMeter(cloud.ProcessId, broker.ProcessId, start, progress);
        resources.Take();
        using var stopSampling = new CancellationTokenSource();
        var sampling = resources.RunAsync(TimeSpan.FromSeconds(o.SampleSeconds), stopSampling.Token);

        // Publish, with a progress line every few seconds.
        var run = fleet.RunAsync(start, o.Duration, published);
        long maxOutbox = 0;
        long lastRows = 0, lastPublished = 0;
        var lastAt = TimeSpan.Zero;
        while (await Task.WhenAny(run, Task.Delay(ProgressEvery)) != run)
        {
            poller.ThrowIfFailed();
            var outbox = (long)await broker.MetricAsync("sm_broker_queue_depth");
            maxOutbox = Math.Max(maxOutbox, outbox);
            var (rows, sent, at) = (poller.Rows, published.Total, Stopwatch.GetElapsedTime(start));
            var seconds = (at - lastAt).TotalSeconds;
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"t={at.TotalSeconds,5:F0}s published {sent,9} ({(sent - lastPublished) / seconds,7:F0}/s) " +
                $"acked {fleet.Acked,9} committed {rows,9} ({(rows - lastRows) / seconds,7:F0}/s) " +
                $"not yet committed {fleet.Acked - rows,8} broker outbox {outbox,8} load {CpuMeter.LoadAverage()}"));
            (lastRows, lastPublished, lastAt) = (rows, sent, at);
        }

        await run;
        await stopSampling.CancelAsync();
        await sampling;
        resources.Take();
        var publishEnd = o.Duration;
        var cpuWall = Stopwatch.GetElapsedTime(start);
        var cpuAfter = cpu.Take();
        var metricsAfter = await DiagnosticsReader.ReadAsync(broker, cloudHttp);
        progress.WriteLine($"publishing done: {published.Total} published, {fleet.Acked} acknowledged, {fleet.Errors} errors; draining");

        // Drain: until every acknowledged reading was seen as a row, then one more second for stragglers.
        var drainDeadline = Stopwatch.GetTimestamp() + (long)(o.DrainTimeoutSeconds * Stopwatch.Frequency);
        while (poller.Rows - poller.Unmatched < fleet.Acked && Stopwatch.GetTimestamp() < drainDeadline)
        {
            poller.ThrowIfFailed();
            await Task.Delay(TimeSpan.FromMilliseconds(o.PollMs));
        }

        var drained = poller.Rows - poller.Unmatched >= fleet.Acked;
        await Task.Delay(TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(2 * o.PollMs));
        poller.ThrowIfFailed();
        var (allRows, distinct) = await poller.CountAsync();
        var audit = log.Audit();
        var lastCommit = Stopwatch.GetElapsedTime(start, poller.LastCommitTimestamp);
        var steadyFrom = o.Warmup;
        var ticks = (TimeSpan t) => start + (long)(t.TotalSeconds * Stopwatch.Frequency);
        return new RunResult
        {
            StartedUtc = startedUtc, LoadAtStart = loadAtStart, LoadAtEnd = CpuMeter.LoadAverage(),
            SteadyFrom = steadyFrom, SteadyTo = publishEnd,
            Published = published.Total, Acked = fleet.Acked, PublishErrors = fleet.Errors, FirstError = fleet.FirstError,
            PublishedPerSecond = published.PerSecond(steadyFrom, publishEnd),
            CommittedPerSecond = committed.PerSecond(steadyFrom, publishEnd),
            LatenciesMs = poller.Latencies(ticks(steadyFrom), ticks(publishEnd)),
            Drain = drained ? (lastCommit > publishEnd ? lastCommit - publishEnd : TimeSpan.Zero) : null,
            DrainPerSecond = lastCommit > publishEnd + TimeSpan.FromSeconds(1) ? committed.PerSecond(publishEnd, lastCommit) : double.NaN,
            Rows = allRows, DistinctRows = distinct,
            AckedMissing = audit.AckedMissing, Duplicates = audit.Duplicates, SeenNotAcked = audit.SeenNotAcked,
            MaxOutboxDepth = maxOutbox,
            Cpu = cpuAfter - cpuBefore,
            CpuWall = cpuWall,
            Diagnostics = DiagnosticsReader.Delta(metricsBefore, metricsAfter),
            Resources = resources.Samples,
        };
    }
}
