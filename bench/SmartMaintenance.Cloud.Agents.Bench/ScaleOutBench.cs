using System.Diagnostics;
using System.Globalization;
using NATS.Client.Core;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Bench;

/// <summary>
/// The agent pipeline on 1, 2, 3... cloud instances as their own processes (the Release build of the cloud) sharing one
/// fresh PostgreSQL database of SM_TEST_POSTGRES and one nats-server (JetStream transport, docs/scale-out.md), after a
/// same-run reference: one instance on the in-process Channels transport over the same stream. Optionally the
/// JetStream steps also with another build of the cloud first (--baseline-dll: a before/after in one run).
/// For each step: readings are produced at a fixed rate (every 100 ms) over many one-sensor machines (vibration, noise
/// 1 mm/s), with a fault (+8 mm/s for 5 samples) every 50 samples of each machine after its 30-sample baseline, and
/// posted through the batch API as the edge broker forwards them (<see cref="ScaleOutLanes"/>: per-machine lanes, one
/// batch in flight per lane, each post to the next instance; when the cloud cannot take the rate, readings wait in the
/// lanes and the achieved rate is reported). Reported: readings judged per second (first post to last reading judged),
/// the faults alerted (<see cref="ScaleOutFaults"/>) and publish-to-alert latency (hand-over of a fault's first reading
/// to its first alert row's detected_at, same clock), CPU ms per reading (/proc utime + stime) of every cloud process
/// and of nats-server, and with 2+ instances
/// the takeover time after kill -9 of one (until the survivors' /health covers every partition it owned). A step whose
/// readings are not all judged within --patience seconds is reported with what holds them (ScaleOutDiagnostics) and
/// the bench goes on with the next step.
/// </summary>
internal static class ScaleOutBench
{
    private const int Baseline = 30;
    private const int FaultEvery = 50;
    private const int FaultLength = 5;

    public static async Task<int> RunAsync(int[] instanceCounts, int rate, int seconds, int sensors, int patienceSeconds, string? baselineDll, bool turnsToo,
        bool verbose)
    {
        var dll = RepoPaths.ProgramDll("cloud", "SmartMaintenance.Cloud");
        Console.WriteLine($"scale-out bench: rate {rate}/s for {seconds} s over {sensors} one-sensor machines; {Environment.ProcessorCount} cores; " +
            $"load average {LoadAverage()}; cloud {dll}");
        var steps = new List<Step> { new("Channels", 1, dll, "this build") };
        if (baselineDll is not null)
        {
            steps.AddRange(instanceCounts.Select(n => new Step("JetStream", n, Path.GetFullPath(baselineDll), "baseline build")));
        }

        steps.AddRange(instanceCounts.Select(n => new Step("JetStream", n, dll, "this build")));
        if (turnsToo)
        {
            // The same stream posted the way the bench did before 2026-12-06, for the record (PostInTurnsAsync).
            steps.Add(new Step("JetStream", instanceCounts.Max(), dll, "this build, posted in turns (old bench)", InTurns: true));
        }

        var rows = new List<string>();
        foreach (var step in steps)
        {
            rows.Add(await RunStepAsync(step, rate, seconds, sensors, TimeSpan.FromSeconds(patienceSeconds), verbose));
        }

        Console.WriteLine();
        Console.WriteLine("| transport | instances | build | offered | judged | faults alerted | publish -> alert p50 / p95 / p99 | cloud CPU per reading | nats-server CPU per reading | takeover after kill -9 |");
        Console.WriteLine("|---|---:|---|---:|---|---:|---|---:|---:|---|");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine($"load average at the end {LoadAverage()}");
        return 0;
    }

    private static async Task<string> RunStepAsync(Step step, int rate, int seconds, int sensors, TimeSpan patience, bool verbose)
    {
        var label = $"{step.Transport} {step.Instances} ({step.Build})";
        var connectionString = await PostgresServer.CreateDatabaseAsync("bench_scaleout");
        await using var nats = step.Transport == "JetStream" ? await NatsServer.StartAsync() : null;
        await using var natsClient = nats is null ? null : new NatsConnection(new NatsOpts { Url = nats.Url, Name = "scale-out-bench" });
        var instances = new List<ScaleOutInstance>();
        try
        {
            var prefix = step.Transport == "JetStream" ? "cloud" : "channels";
            var poolSize = await ScaleOutInstance.PoolSizeAsync(connectionString, step.Instances);
            Console.WriteLine($"{label}: Cloud:Storage:PostgresMaxPoolSize {poolSize} (connection budget of {step.Instances} instances)");
            instances.Add(await ScaleOutInstance.StartAsync($"{prefix}-1", step.Dll, connectionString, nats?.Url, Baseline, verbose, poolSize));
            instances.AddRange(await Task.WhenAll(Enumerable.Range(2, step.Instances - 1)
                .Select(n => ScaleOutInstance.StartAsync($"{prefix}-{n}", step.Dll, connectionString, nats?.Url, Baseline, verbose, poolSize))));
            if (nats is not null)
            {
                await ScaleOutDiagnostics.WaitForSettledOwnershipAsync(instances, natsClient!);
            }

            var ownersBefore = nats is null ? null : await ScaleOutDiagnostics.OwnershipAsync(instances);

            var cpuBefore = Cpu(instances, nats);
            var total = rate * seconds;
            var faults = new ScaleOutFaults();
            var clock = Stopwatch.StartNew();
            string? postFailure = null;
            try
            {
                await (step.InTurns ? PostInTurnsAsync(instances, rate, seconds, sensors, faults) : PostStreamAsync(instances, rate, seconds, sensors, faults));
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException)
            {
                postFailure = e.Message;
            }

            var offered = clock.Elapsed;
            Console.WriteLine($"{label}: {total} readings posted in {offered.TotalSeconds:F1} s ({total / offered.TotalSeconds:F0}/s of {rate}/s asked)" +
                (postFailure is null ? "" : $"; a post FAILED: {postFailure}"));
            var judgedAll = await WaitForJudgedAsync(instances, natsClient, total, postFailure is null ? patience : TimeSpan.FromSeconds(30));
            var drained = clock.Elapsed;
            var cpuAfter = Cpu(instances, nats);
            if (!judgedAll)
            {
                Console.WriteLine($"  STALLED: not every reading judged {patience.TotalSeconds:F0} s after the last post. What holds them:");
                Console.WriteLine(await ScaleOutDiagnostics.DescribeAsync(instances, natsClient, connectionString));
                return $"| {step.Transport} | {step.Instances} | {step.Build} | {total / offered.TotalSeconds:F0}/s | **stalled** (see log) | — | — | — | — | — |";
            }

            var judged = await Task.WhenAll(instances.Select(i => i.JudgedAsync()));
            if (!await WaitForAnomalyDrainedAsync(instances, natsClient, patience))
            {
                Console.WriteLine($"  the anomaly agent still had readings to handle {patience.TotalSeconds:F0} s later: the alert count below may be short");
            }

            var alerted = await faults.MatchAsync(connectionString);
            var latencies = alerted.Latencies;
            var cloudCpu = cpuAfter.Cloud.Zip(cpuBefore.Cloud, (a, b) => a - b).ToArray();
            var natsCpu = cpuAfter.Nats - cpuBefore.Nats;
            Console.WriteLine($"  all judged after {drained.TotalSeconds:F1} s: {total / drained.TotalSeconds:F0} readings/s");
            Console.WriteLine($"  alerts: {alerted}");
            if (ownersBefore is not null)
            {
                // A partition moving mid-stream makes its new owner rebuild the machines' state from the store.
                var ownersAfter = await ScaleOutDiagnostics.OwnershipAsync(instances);
                Console.WriteLine($"  partitions whose owner at the end differs from the start: {ownersBefore.Count(o => ownersAfter.GetValueOrDefault(o.Key) != o.Value)} of {ownersBefore.Count}");
            }

            Console.WriteLine("  publish -> alert: " + (latencies.Length == 0 ? "no alert"
                : $"{latencies.Length} faults, p50 {P(latencies, 0.5):F0} ms, p95 {P(latencies, 0.95):F0} ms, p99 {P(latencies, 0.99):F0} ms, max {latencies[^1]:F0} ms"));
            for (var i = 0; i < instances.Count; i++)
            {
                Console.WriteLine($"  {instances[i].Id}: judged {judged[i]} readings, CPU {cloudCpu[i]:F0} ms = " +
                    $"{(judged[i] == 0 ? double.NaN : cloudCpu[i] / judged[i]):F3} ms per reading judged, {cloudCpu[i] / total:F3} ms per reading of the stream");
            }

            if (nats is not null)
            {
                Console.WriteLine($"  nats-server: CPU {natsCpu:F0} ms = {natsCpu / total:F3} ms per reading");
            }

            var takeover = step.Instances >= 2 ? await TakeoverAsync(instances) : "—";
            var alerts = latencies.Length == 0 ? "no alert" : $"{P(latencies, 0.5) / 1000:F1} / {P(latencies, 0.95) / 1000:F1} / {P(latencies, 0.99) / 1000:F1} s";
            return $"| {step.Transport} | {step.Instances} | {step.Build} | {total / offered.TotalSeconds:F0}/s | {total / drained.TotalSeconds:F0}/s (all {total} after {drained.TotalSeconds:F1} s) | " +
                $"{alerted.FaultsAlerted} of {alerted.Faults} | {alerts} | {cloudCpu.Sum() / total:F2} ms | {(nats is null ? "—" : $"{natsCpu / total:F2} ms")} | {takeover} |";
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException)
        {
            Console.WriteLine($"{label}: FAILED: {e.Message}");
            return $"| {step.Transport} | {step.Instances} | {step.Build} | — | **failed**: {e.Message.ReplaceLineEndings(" ")} | — | — | — | — | — |";
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The stream, produced open loop every 100 ms and posted through <see cref="ScaleOutLanes"/> (as the edge broker
    /// forwards: a machine's readings in order, each post to the next instance); done when every post was answered.
    /// </summary>
    private static async Task PostStreamAsync(IReadOnlyList<ScaleOutInstance> instances, int rate, int seconds, int sensors, ScaleOutFaults faults)
    {
        var total = (long)rate * seconds;
        var lanes = new ScaleOutLanes(instances);
        var clock = Stopwatch.StartNew();
        var start = DateTimeOffset.UtcNow.AddSeconds(-seconds - 5);
        try
        {
            long posted = 0;
            for (var tick = 0; posted < total; tick++)
            {
                for (var due = Due(tick, rate, total); posted < due; posted++)
                {
                    var (machine, json) = Item(posted, rate, sensors, start, faults);
                    lanes.Add(machine, json);
                }

                await WaitForTickAsync(clock, tick);
            }
        }
        finally
        {
            await lanes.CompleteAsync();
        }
    }

    /// <summary>
    /// The bench's posting before 2026-12-06, kept to show what it did (--turns-too): every 100 ms one post of the due
    /// readings to the next instance in turn, at most 4 posts in flight per instance. A machine's consecutive readings
    /// are then in concurrent posts, often to different instances, and can be stored out of their time order
    /// (docs/scale-out.md, "The 40 alerts at 3 instances"). No broker posts this way.
    /// </summary>
    private static async Task PostInTurnsAsync(IReadOnlyList<ScaleOutInstance> instances, int rate, int seconds, int sensors, ScaleOutFaults faults)
    {
        const int MaxPostsInFlight = 4;
        var total = (long)rate * seconds;
        var slots = instances.Select(_ => new SemaphoreSlim(MaxPostsInFlight)).ToArray();
        var clock = Stopwatch.StartNew();
        var start = DateTimeOffset.UtcNow.AddSeconds(-seconds - 5);
        var posts = new List<Task>();
        long posted = 0;
        for (var tick = 0; posted < total; tick++)
        {
            var items = new List<string>();
            var from = posted;
            for (var due = Due(tick, rate, total); posted < due; posted++)
            {
                items.Add(Item(posted, rate, sensors, start, faults).Json);
            }

            if (items.Count > 0)
            {
                var instance = tick % instances.Count;
                await slots[instance].WaitAsync();
                posts.Add(PostReleasingAsync(instances[instance], $$"""{"broker_id":"bench","batch_id":"b{{from}}","items":[{{string.Join(',', items)}}]}""",
                    slots[instance]));
            }

            await WaitForTickAsync(clock, tick);
        }

        await Task.WhenAll(posts);
    }

    private static async Task PostReleasingAsync(ScaleOutInstance instance, string body, SemaphoreSlim slot)
    {
        try
        {
            await instance.PostAsync(body);
        }
        finally
        {
            slot.Release();
        }
    }

    /// <summary>Readings of the stream due by the end of tick <paramref name="tick"/> (10 ticks a second).</summary>
    private static long Due(int tick, int rate, long total) => Math.Min(total, (long)((tick + 1) * rate / 10.0));

    private static async Task WaitForTickAsync(Stopwatch clock, int tick)
    {
        var wait = TimeSpan.FromMilliseconds((tick + 1) * 100) - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    /// <summary>Reading <paramref name="i"/> as a batch item (JSON) and its machine; a reading inside a fault is noted as handed over now.</summary>
    private static (int Machine, string Json) Item(long i, int rate, int sensors, DateTimeOffset start, ScaleOutFaults faults)
    {
        var r = Reading(i, rate, sensors, start);
        if (r.FaultStart is { } faultStart)
        {
            faults.Posted(r.Device, r.At.ToUnixTimeMilliseconds(), faultStart.ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }

        var sequence = i / sensors + 1;
        return (r.Machine, string.Create(CultureInfo.InvariantCulture,
            $$"""{"site":"plant-1","device_id":"{{r.Device}}","sequence":{{sequence}},"received_at":"{{r.At:O}}","message":{"v":1,"dev":"{{r.Device}}","seq":{{sequence}},"ts":{{r.At.ToUnixTimeMilliseconds()}},"cv":1,"sid":"{{r.Device}}-vib","st":"vibration","u":"mm/s","k":"r","val":{{r.Value.ToString("R", CultureInfo.InvariantCulture)}} } }"""));
    }

    /// <summary>
    /// Every reading judged: on JetStream counted on the server (each reading's decision is stored once per derived
    /// event id, so a redelivery cannot count twice); on Channels from the one instance's counters.
    /// </summary>
    private static async Task<bool> WaitForJudgedAsync(IReadOnlyList<ScaleOutInstance> instances, NatsConnection? nats, long total, TimeSpan patience)
    {
        try
        {
            if (nats is null)
            {
                await WaitAsync(async () => (await Task.WhenAll(instances.Select(i => i.JudgedAsync()))).Sum(), j => j >= total, patience);
            }
            else
            {
                await WaitAsync(() => ScaleOutStreams.ReadAsync(nats), s => s.JudgedEvents >= (ulong)total, patience);
            }

            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// The anomaly agent handled every accepted reading, so every alert of the stream is stored: "judged" above is
    /// validation's decision, and the anomaly agent may still be behind it. On JetStream: nothing waiting or in flight in
    /// any partition of its stream; on Channels: its handled count caught up with the readings validated.
    /// </summary>
    private static async Task<bool> WaitForAnomalyDrainedAsync(IReadOnlyList<ScaleOutInstance> instances, NatsConnection? nats, TimeSpan patience)
    {
        try
        {
            if (nats is null)
            {
                await WaitAsync(async () => (await Task.WhenAll(instances.Select(i => i.AnomalyBacklogAsync()))).Sum(), backlog => backlog <= 0, patience);
            }
            else
            {
                await WaitAsync(() => ScaleOutStreams.ReadAsync(nats),
                    s => s.Consumers.Where(c => c.Stream == ScaleOutStreams.Validated).All(c => c.Pending == 0 && c.InFlight == 0), patience);
            }

            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static async Task<string> TakeoverAsync(List<ScaleOutInstance> instances)
    {
        var before = await ScaleOutDiagnostics.OwnershipAsync(instances);
        var victim = instances[^1];
        victim.Kill();
        var killed = Stopwatch.StartNew();
        var survivors = instances.Where(i => i != victim).ToList();
        try
        {
            await WaitAsync(() => ScaleOutDiagnostics.OwnershipAsync(survivors),
                o => o.Keys.ToHashSet().SetEquals(before.Keys) && o.Values.All(v => v != victim.Id), TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            Console.WriteLine($"  takeover after kill -9 of {victim.Id}: the survivors did not cover its partitions within 2 minutes");
            return "not within 2 min";
        }

        Console.WriteLine($"  takeover after kill -9 of {victim.Id}: {killed.Elapsed.TotalSeconds:F1} s until the survivors' /health covered its partitions " +
            $"(LeaseTtl {ScaleOutInstance.LeaseTtlSeconds} s, heartbeat {ScaleOutInstance.HeartbeatSeconds} s)");
        return $"{killed.Elapsed.TotalSeconds:F1} s";
    }

    /// <summary>
    /// Reading i of the stream: machines in turn; a fault starts every FaultEvery samples of a machine after its baseline
    /// (FaultStart: the reading time of the fault's first reading, for a reading inside a fault).
    /// </summary>
    private static StreamReading Reading(long i, int rate, int sensors, DateTimeOffset start)
    {
        var machine = (int)(i % sensors);
        var n = i / sensors;
        var random = new Random(unchecked((int)(i * 7919 + 17)));
        var inFault = n >= Baseline + 10 && n % FaultEvery < FaultLength;
        var value = 5 + random.NextDouble() * 2 - 1 + (inFault ? 8 : 0);
        DateTimeOffset At(long sample) => start.AddMilliseconds(sample * 1000.0 * sensors / rate);
        return new StreamReading($"bench-m{machine:D4}", machine, At(n), value, inFault ? At(n - n % FaultEvery) : null);
    }

    private static (double[] Cloud, double Nats) Cpu(IReadOnlyList<ScaleOutInstance> instances, NatsServer? nats) =>
        (instances.Select(i => i.CpuMs()).ToArray(), nats?.ProcessId is { } pid ? ScaleOutInstance.CpuMsOf(pid) : 0);

    internal static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"not done after {timeout.TotalSeconds:F0} s: {value}");
            }

            await Task.Delay(100);
        }
    }

    private static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>One reading of the stream (see <see cref="Reading"/>).</summary>
    private sealed record StreamReading(string Device, int Machine, DateTimeOffset At, double Value, DateTimeOffset? FaultStart);

    /// <summary>One row of the bench: a transport, an instance count and the cloud build it runs.</summary>
    private sealed record Step(string Transport, int Instances, string Dll, string Build, bool InTurns = false);
}
