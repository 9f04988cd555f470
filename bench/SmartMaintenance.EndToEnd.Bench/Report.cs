using System.Globalization;

namespace SmartMaintenance.EndToEnd.Bench;

/// <summary>Prints the result as the markdown rows and notes that go into docs/performance.md.</summary>
internal static class Report
{
    public static void Print(TextWriter w, E2eOptions o, RunResult r)
    {
        var c = CultureInfo.InvariantCulture;
        var d = r.Diagnostics;
        var wall = r.CpuWall.TotalSeconds;
        var offered = o.AsFastAsPossible ? "max" : o.Rate.ToString(c);
        var drain = r.Drain is { } t ? t.TotalSeconds.ToString("F1", c) : $"> {o.DrainTimeoutSeconds} (timed out)";
        w.WriteLine();
        w.WriteLine(string.Create(c, $"{r.StartedUtc:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {r.LoadAtStart} at start, {r.LoadAtEnd} at end; " +
            $"cloud {(o.CloudInProcess ? "in the bench process" : "own process")}, {o.Devices} devices, QoS {o.Qos}, {o.Seconds} s, in flight {o.InFlight}/device, outbox fsync {o.Fsync}, " +
            $"forward batch {o.ForwardBatch?.ToString(c) ?? "500 (default)"}, poll {o.PollMs} ms, steady window {r.SteadyFrom.TotalSeconds:F0}-{r.SteadyTo.TotalSeconds:F0} s"));
        w.WriteLine();
        w.WriteLine("| offered/s | published/s | committed/s | p50 ms | p95 ms | p99 ms | max ms | drain s | acked | rows | distinct | lost | dup | load avg (end) |");
        w.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        w.WriteLine(string.Create(c, $"| {offered} | {r.PublishedPerSecond:F0} | {r.CommittedPerSecond:F0} | {r.Percentile(0.50):F0} | {r.Percentile(0.95):F0} | " +
            $"{r.Percentile(0.99):F0} | {(r.LatenciesMs.Length == 0 ? double.NaN : r.LatenciesMs[^1]):F0} | {drain} | {r.Acked} | {r.Rows} | {r.DistinctRows} | " +
            $"{r.AckedMissing} | {r.Duplicates} | {r.LoadAtEnd.Split(' ')[0]} |"));
        w.WriteLine();
        w.WriteLine(string.Create(c, $"- exact check: {(r.Exact ? "PASS" : "FAIL")} — {r.Acked} acknowledged publishes, {r.Rows} rows, {r.DistinctRows} distinct (device, sequence), " +
            $"{r.AckedMissing} acknowledged but never committed, {r.Duplicates} duplicates, {r.SeenNotAcked} stored without an acknowledgement; " +
            $"{r.PublishErrors} publish errors{(r.FirstError is null ? "" : $" (first: {r.FirstError})")}"));
        w.WriteLine(double.IsNaN(r.DrainPerSecond)
            ? $"- backlog after publishing: drained in {drain} s (too little left to rate)"
            : string.Create(c, $"- backlog after publishing: drained in {drain} s at {r.DrainPerSecond:F0} committed readings/s (forwarder and cloud with no MQTT ingress competing)"));
        w.WriteLine(string.Create(c, $"- latency: {r.LatenciesMs.Length} readings published in the steady window; publish call to the poll that first saw the row " +
            $"(upper bound, high by at most {o.PollMs} ms plus one poll query)"));
        w.WriteLine(string.Create(c, $"- CPU while publishing ({wall:F1} s wall, in cores): bench process (clients + poller{(o.CloudInProcess ? " + cloud" : "")}) {r.Cpu.Bench / wall:F2}, " +
            $"{(o.CloudInProcess ? "" : $"cloud {r.Cpu.Cloud / wall:F2}, ")}broker {r.Cpu.Broker / wall:F2}, PostgreSQL {r.Cpu.Postgres / wall:F2}; " +
            $"total {r.Cpu.Total / wall:F2} of {Environment.ProcessorCount}"));
        w.WriteLine(string.Create(c, $"- broker forwarder: {d.ForwardBatches:F0} batches, mean {Ratio(d.Forwarded, d.ForwardBatches):F0} readings, " +
            $"mean round trip {Ratio(d.ForwardBusySeconds * 1000, d.ForwardBatches):F1} ms, waiting on the cloud {d.ForwardBusySeconds / wall * 100:F0}% of the time, " +
            $"{d.ForwardFailures:F0} failed attempts, peak outbox backlog {r.MaxOutboxDepth}; broker dropped {d.BrokerDuplicates:F0} duplicates, {d.BrokerDeadLetters:F0} dead letters"));
        w.WriteLine(string.Create(c, $"- cloud write-behind: {d.Flushes:F0} flushes, mean {Ratio(d.FlushRows, d.Flushes):F0} rows, mean {Ratio(d.FlushBusySeconds * 1000, d.Flushes):F1} ms, " +
            $"busy {d.FlushBusySeconds / wall * 100:F0}% of the time ({Ratio(d.FlushRows, d.FlushBusySeconds):F0} rows/s while flushing)"));
    }

    /// <summary>
    /// The soak lines: each process's RSS, descriptors and threads at the start of publishing, after the warm-up (the
    /// first sample at or past --warmup) and at the end, with the growth from the warm-up to the end; then every sample.
    /// </summary>
    public static void PrintResources(TextWriter w, E2eOptions o, RunResult r)
    {
        var c = CultureInfo.InvariantCulture;
        var samples = r.Resources;
        if (samples.Count < 2)
        {
            return;
        }

        var first = samples[0];
        var warm = samples.FirstOrDefault(s => s.At >= o.Warmup) ?? samples[^1];
        var last = samples[^1];
        w.WriteLine();
        w.WriteLine("| process | RSS MiB start | RSS MiB after warm-up | RSS MiB end | RSS growth after warm-up | fds start / warm / end | threads start / warm / end |");
        w.WriteLine("|---|---:|---:|---:|---:|---|---|");
        foreach (var (name, pick) in new (string, Func<ResourceMeter.Sample, ResourceMeter.Usage>)[] { ("broker", s => s.Broker), ("cloud", s => s.Cloud) })
        {
            if (name == "cloud" && o.CloudInProcess)
            {
                continue; // the cloud is this process: its figures would include the load clients
            }

            var (a, b, e) = (pick(first), pick(warm), pick(last));
            w.WriteLine(string.Create(c, $"| {name} | {a.RssMiB:F0} | {b.RssMiB:F0} | {e.RssMiB:F0} | {(e.RssMiB - b.RssMiB) / b.RssMiB * 100:+0.0;-0.0}% | " +
                $"{a.Fds} / {b.Fds} / {e.Fds} | {a.Threads} / {b.Threads} / {e.Threads} |"));
        }

        w.WriteLine();
        w.WriteLine(string.Create(c, $"- samples (t s: broker RSS MiB/fds/threads; cloud RSS MiB/fds/threads), after warm-up at {warm.At.TotalSeconds:F0} s:"));
        foreach (var s in samples)
        {
            w.WriteLine(string.Create(c, $"  t={s.At.TotalSeconds,5:F0}: broker {s.Broker.RssMiB,6:F0}/{s.Broker.Fds,4}/{s.Broker.Threads,3}; cloud {s.Cloud.RssMiB,6:F0}/{s.Cloud.Fds,4}/{s.Cloud.Threads,3}"));
        }
    }

    private static double Ratio(double a, double b) => b == 0 ? double.NaN : a / b;
}
