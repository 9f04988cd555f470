using System.Diagnostics;
using System.Globalization;
using System.Text;
using NATS.Client.Core;
using Npgsql;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Bench;

/// <summary>
/// The agent pipeline on 1, 2, 3... cloud instances as their own processes (the Release build of the cloud) sharing one
/// fresh PostgreSQL database of SM_TEST_POSTGRES and one nats-server (JetStream transport, docs/scale-out.md), after a
/// same-run reference: one instance on the in-process Channels transport over the same stream. Optionally the
/// JetStream steps also with another build of the cloud first (--baseline-dll: a before/after in one run).
/// For each step: readings are posted through the batch API at a fixed rate (every 100 ms, instances in turn, at most
/// MaxPostsInFlight posts per instance: when the cloud cannot take the rate, posting falls behind and the achieved rate
/// is reported) over many one-sensor machines (vibration, noise 1 mm/s), with a fault (+8 mm/s for 5 samples) every 50
/// samples of each machine after its 30-sample baseline. Reported: readings judged per second (first post to last
/// reading judged), publish-to-alert latency (post of a fault's first reading to its alert row's detected_at, same
/// clock), CPU ms per reading (/proc utime + stime) of every cloud process and of nats-server, and with 2+ instances
/// the takeover time after kill -9 of one (until the survivors' /health covers every partition it owned). A step whose
/// readings are not all judged within --patience seconds is reported with what holds them (ScaleOutDiagnostics) and
/// the bench goes on with the next step.
/// </summary>
internal static class ScaleOutBench
{
    private const int Baseline = 30;
    private const int FaultEvery = 50;
    private const int FaultLength = 5;
    private const int MaxPostsInFlight = 4;

    public static async Task<int> RunAsync(int[] instanceCounts, int rate, int seconds, int sensors, int patienceSeconds, string? baselineDll, bool verbose)
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
        var rows = new List<string>();
        foreach (var step in steps)
        {
            rows.Add(await RunStepAsync(step, rate, seconds, sensors, TimeSpan.FromSeconds(patienceSeconds), verbose));
        }

        Console.WriteLine();
        Console.WriteLine("| transport | instances | build | offered | judged | publish -> alert p50 / p95 / p99 | cloud CPU per reading | nats-server CPU per reading | takeover after kill -9 |");
        Console.WriteLine("|---|---:|---|---:|---|---|---:|---:|---|");
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
                await ScaleOutDiagnostics.WaitForSettledOwnershipAsync(instances);
            }

            var cpuBefore = Cpu(instances, nats);
            var total = rate * seconds;
            var faultPosts = new Dictionary<(string Device, long At), long>();
            var clock = Stopwatch.StartNew();
            string? postFailure = null;
            try
            {
                await PostStreamAsync(instances, rate, seconds, sensors, faultPosts);
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
                return $"| {step.Transport} | {step.Instances} | {step.Build} | {total / offered.TotalSeconds:F0}/s | **stalled** (see log) | — | — | — | — |";
            }

            var judged = await Task.WhenAll(instances.Select(i => i.JudgedAsync()));
            var latencies = await AlertLatenciesAsync(connectionString, faultPosts);
            var cloudCpu = cpuAfter.Cloud.Zip(cpuBefore.Cloud, (a, b) => a - b).ToArray();
            var natsCpu = cpuAfter.Nats - cpuBefore.Nats;
            Console.WriteLine($"  all judged after {drained.TotalSeconds:F1} s: {total / drained.TotalSeconds:F0} readings/s");
            Console.WriteLine("  publish -> alert: " + (latencies.Length == 0 ? "no alert"
                : $"{latencies.Length} alerts, p50 {P(latencies, 0.5):F0} ms, p95 {P(latencies, 0.95):F0} ms, p99 {P(latencies, 0.99):F0} ms, max {latencies[^1]:F0} ms"));
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
                $"{alerts} | {cloudCpu.Sum() / total:F2} ms | {(nats is null ? "—" : $"{natsCpu / total:F2} ms")} | {takeover} |";
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException)
        {
            Console.WriteLine($"{label}: FAILED: {e.Message}");
            return $"| {step.Transport} | {step.Instances} | {step.Build} | — | **failed**: {e.Message.ReplaceLineEndings(" ")} | — | — | — | — |";
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
    /// The stream, open loop every 100 ms, instances in turn; at most MaxPostsInFlight posts wait per instance, so a
    /// cloud that cannot keep up slows the posting down (reported as the achieved rate) instead of piling up requests
    /// until they time out.
    /// </summary>
    private static async Task PostStreamAsync(IReadOnlyList<ScaleOutInstance> instances, int rate, int seconds, int sensors,
        Dictionary<(string Device, long At), long> faultPosts)
    {
        var total = (long)rate * seconds;
        var slots = instances.Select(_ => new SemaphoreSlim(MaxPostsInFlight)).ToArray();
        var clock = Stopwatch.StartNew();
        var start = DateTimeOffset.UtcNow.AddSeconds(-seconds - 5);
        var posts = new List<Task>();
        long posted = 0;
        for (var tick = 0; posted < total; tick++)
        {
            var due = Math.Min(total, (long)((tick + 1) * rate / 10.0));
            var batch = new StringBuilder();
            var from = posted;
            for (; posted < due; posted++)
            {
                var (device, at, value, faultStart) = Reading(posted, rate, sensors, start);
                if (faultStart)
                {
                    faultPosts[(device, at.ToUnixTimeMilliseconds())] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                }

                if (batch.Length > 0)
                {
                    batch.Append(',');
                }

                var sequence = posted / sensors + 1;
                batch.Append(CultureInfo.InvariantCulture,
                    $$"""{"site":"plant-1","device_id":"{{device}}","sequence":{{sequence}},"received_at":"{{at:O}}","message":{"v":1,"dev":"{{device}}","seq":{{sequence}},"ts":{{at.ToUnixTimeMilliseconds()}},"cv":1,"sid":"{{device}}-vib","st":"vibration","u":"mm/s","k":"r","val":{{value.ToString("R", CultureInfo.InvariantCulture)}} } }""");
            }

            if (batch.Length > 0)
            {
                var body = $$"""{"broker_id":"bench","batch_id":"b{{from}}","items":[{{batch}}]}""";
                var instance = tick % instances.Count;
                await slots[instance].WaitAsync();
                posts.Add(PostReleasingAsync(instances[instance], body, slots[instance]));
            }

            var wait = TimeSpan.FromMilliseconds((tick + 1) * 100) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
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

    /// <summary>Reading i of the stream: machines in turn; a fault starts every FaultEvery samples of a machine after its baseline.</summary>
    private static (string Device, DateTimeOffset At, double Value, bool FaultStart) Reading(long i, int rate, int sensors, DateTimeOffset start)
    {
        var machine = (int)(i % sensors);
        var n = i / sensors;
        var random = new Random(unchecked((int)(i * 7919 + 17)));
        var inFault = n >= Baseline + 10 && n % FaultEvery < FaultLength;
        var value = 5 + random.NextDouble() * 2 - 1 + (inFault ? 8 : 0);
        var at = start.AddMilliseconds(n * 1000.0 * sensors / rate);
        return ($"bench-m{machine:D4}", at, value, inFault && n % FaultEvery == 0);
    }

    private static async Task<double[]> AlertLatenciesAsync(string connectionString, Dictionary<(string, long), long> faultPosts)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT device_id, reading_at_ms, detected_at_ms FROM agent_anomalies", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var latencies = new List<double>();
        while (await reader.ReadAsync())
        {
            if (faultPosts.TryGetValue((reader.GetString(0), reader.GetInt64(1)), out var postedAt))
            {
                latencies.Add(reader.GetInt64(2) - postedAt);
            }
        }

        latencies.Sort();
        return [.. latencies];
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

    /// <summary>One row of the bench: a transport, an instance count and the cloud build it runs.</summary>
    private sealed record Step(string Transport, int Instances, string Dll, string Build);
}
