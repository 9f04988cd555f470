using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Bench;

/// <summary>
/// The agent pipeline on 1, 2, 3... cloud instances as their own processes (the Release build of the cloud) sharing one
/// fresh PostgreSQL database of SM_TEST_POSTGRES and one nats-server (JetStream transport, docs/scale-out.md). For each
/// instance count: readings are posted through the batch API at a fixed rate (open loop, every 100 ms, instances in
/// turn) over many one-sensor machines (vibration, noise 1 mm/s), with a fault (+8 mm/s for 5 samples) every 50 samples
/// of each machine after its 30-sample baseline. Reported: readings judged per second (first post to last reading
/// judged), publish-to-alert latency (post of a fault's first reading to its alert row's detected_at, same clock),
/// CPU ms per reading per instance (/proc utime + stime over the readings that instance judged), and with 2+ instances
/// the takeover time after kill -9 of one (until the survivors' /health covers every partition it owned).
/// </summary>
internal static class ScaleOutBench
{
    private const string Key = "bench-scale-out-key-0123456789abcdef";
    private const int Baseline = 30;
    private const int FaultEvery = 50;
    private const int FaultLength = 5;

    public static async Task<int> RunAsync(int[] instanceCounts, int rate, int seconds, int sensors)
    {
        Console.WriteLine($"scale-out bench: rate {rate}/s for {seconds} s over {sensors} one-sensor machines; load average {LoadAverage()}");
        foreach (var count in instanceCounts)
        {
            await RunOnceAsync(count, rate, seconds, sensors);
        }

        Console.WriteLine($"load average at the end {LoadAverage()}");
        return 0;
    }

    private static async Task RunOnceAsync(int count, int rate, int seconds, int sensors)
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("bench_scaleout");
        await using var nats = await NatsServer.StartAsync();
        var instances = new List<Instance>();
        try
        {
            instances.Add(await Instance.StartAsync(1, connectionString, nats.Url));
            instances.AddRange(await Task.WhenAll(Enumerable.Range(2, count - 1).Select(n => Instance.StartAsync(n, connectionString, nats.Url))));
            // Every instance holds partitions before the stream starts (rebalancing after the joins is done).
            await WaitAsync(() => OwnershipAsync(instances), o => o.Count > 0 && instances.All(i => o.Values.Contains(i.Id)), TimeSpan.FromSeconds(60));
            var cpuBefore = instances.Select(i => i.CpuMs()).ToArray();
            var total = rate * seconds;
            var faultPosts = new Dictionary<(string Device, long At), long>();
            var clock = Stopwatch.StartNew();
            var start = DateTimeOffset.UtcNow.AddSeconds(-seconds - 5);
            long posted = 0;
            var tick = 0;
            var posts = new List<Task>();
            while (posted < total)
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
                    posts.Add(instances[tick % instances.Count].PostAsync(body));
                }

                tick++;
                var wait = TimeSpan.FromMilliseconds(tick * 100) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
            }

            await Task.WhenAll(posts);
            var offered = clock.Elapsed;
            var judged = await WaitAsync(() => JudgedAsync(instances), j => j.Sum() >= total, TimeSpan.FromMinutes(5));
            var drained = clock.Elapsed;
            var cpuAfter = instances.Select(i => i.CpuMs()).ToArray();
            var latencies = await AlertLatenciesAsync(connectionString, faultPosts);
            Console.WriteLine($"{count} instance(s): {total} readings posted in {offered.TotalSeconds:F1} s ({total / offered.TotalSeconds:F0}/s offered), " +
                $"all judged after {drained.TotalSeconds:F1} s: {total / drained.TotalSeconds:F0} readings/s");
            Console.WriteLine("  publish -> alert: " + (latencies.Length == 0 ? "no alert"
                : $"{latencies.Length} alerts, p50 {P(latencies, 0.5):F0} ms, p95 {P(latencies, 0.95):F0} ms, p99 {P(latencies, 0.99):F0} ms, max {latencies[^1]:F0} ms"));
            for (var i = 0; i < instances.Count; i++)
            {
                var cpu = cpuAfter[i] - cpuBefore[i];
                Console.WriteLine($"  {instances[i].Id}: judged {judged[i]} readings, CPU {cpu:F0} ms = {(judged[i] == 0 ? double.NaN : cpu / judged[i]):F3} ms per reading judged, " +
                    $"{cpu / Math.Max(1, total):F3} ms per reading of the whole stream");
            }

            if (count >= 2)
            {
                var before = await OwnershipAsync(instances);
                var victim = instances[^1];
                victim.Kill();
                var killed = Stopwatch.StartNew();
                var survivors = instances.Where(i => i != victim).ToList();
                await WaitAsync(() => OwnershipAsync(survivors), o => o.Keys.ToHashSet().SetEquals(before.Keys) && o.Values.All(v => v != victim.Id),
                    TimeSpan.FromMinutes(2));
                Console.WriteLine($"  takeover after kill -9 of {victim.Id}: {killed.Elapsed.TotalSeconds:F1} s until the survivors' /health covered its partitions " +
                    $"(LeaseTtl {Instance.LeaseTtlSeconds} s, heartbeat {Instance.HeartbeatSeconds} s)");
            }
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
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

    private static async Task<long[]> JudgedAsync(IReadOnlyList<Instance> instances)
    {
        var judged = new long[instances.Count];
        for (var i = 0; i < instances.Count; i++)
        {
            var snapshot = await instances[i].Http.GetFromJsonAsync<JsonElement>("/api/v1/metrics/snapshot");
            var published = snapshot.GetProperty("eventsPublished");
            judged[i] = (published.TryGetProperty("ReadingValidated", out var v) ? v.GetInt64() : 0)
                + (published.TryGetProperty("ReadingRejected", out var r) ? r.GetInt64() : 0);
        }

        return judged;
    }

    /// <summary>"subscription/partition" -> owner, from each instance's /health (a partition two claim is listed once per claim).</summary>
    private static async Task<Dictionary<string, string>> OwnershipAsync(IReadOnlyList<Instance> instances)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            var health = await instance.Http.GetFromJsonAsync<JsonElement>("/health/ready");
            foreach (var subscription in health.GetProperty("scaleOut").GetProperty("ownedPartitions").EnumerateObject())
            {
                foreach (var partition in subscription.Value.EnumerateArray())
                {
                    owners.TryAdd($"{subscription.Name}/{partition.GetInt32()}", instance.Id);
                }
            }
        }

        return owners;
    }

    private static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout)
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

            await Task.Delay(50);
        }
    }

    private static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>One cloud process on the JetStream transport, output discarded.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        public const int LeaseTtlSeconds = 10;
        public const int HeartbeatSeconds = 2;

        private readonly Process _process;

        private Instance(string id, Process process, string url)
        {
            Id = id;
            _process = process;
            Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
            Http.DefaultRequestHeaders.Add("x-api-key", Key);
        }

        public string Id { get; }
        public HttpClient Http { get; }

        public static async Task<Instance> StartAsync(int number, string connectionString, string natsUrl)
        {
            var url = $"http://127.0.0.1:{FreePort.Get()}";
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[]
            {
                RepoPaths.ProgramDll("cloud", "SmartMaintenance.Cloud"), $"--urls={url}", $"--ConnectionStrings:Postgres={connectionString}",
                $"--Cloud:ApiKeys:BootstrapKey={Key}", "--Cloud:RateLimit:PermitsPerSecond=10000000", "--Cloud:RateLimit:Burst=10000000",
                "--Cloud:Ml:TrainBaselineOnStart=false", "--Logging:LogLevel:Default=Warning",
                $"--Cloud:Agents:Anomaly:Detector:BaselineObservations={Baseline}", "--Cloud:Agents:Anomaly:Incident:OpenImmediatelyAt=Medium",
                "--Cloud:Agents:Bus:Transport=JetStream", $"--Cloud:Agents:Bus:JetStream:Url={natsUrl}", $"--Cloud:Agents:Bus:JetStream:InstanceId=cloud-{number}",
            })
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("the cloud did not start");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"[cloud-{number}] {e.Data}"); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var instance = new Instance($"cloud-{number}", process, url);
            await WaitAsync(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"cloud-{number} exited with code {process.ExitCode} during start");
                }

                try
                {
                    using var response = await instance.Http.GetAsync("/health/ready");
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, ready => ready, TimeSpan.FromMinutes(2));
            return instance;
        }

        public async Task PostAsync(string body)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await Http.PostAsync("/api/v1/data/ingest/batch", content);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{Id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        /// <summary>CPU time (user + system) the process used so far, in ms, from /proc/{pid}/stat.</summary>
        public double CpuMs()
        {
            var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields 14 and 15 of stat (utime, stime), counted from the state field (3): indexes 11 and 12 here; clock ticks of 10 ms.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
        }

        public void Kill() => _process.Kill();

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
