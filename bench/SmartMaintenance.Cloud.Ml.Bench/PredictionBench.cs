using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using SmartMaintenance.Cloud.Hosting;
using SmartMaintenance.Cloud.Ml.Artifacts;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Prediction;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Bench;

/// <summary>
/// In-process: one caller, back-to-back predictions (each = failure model x 7 for the contributions + mode
/// model). API: an open-loop load (requests sent on a fixed schedule whatever the answers do), latency measured
/// from each request's scheduled time, so a stall shows up in the tail instead of being hidden.
/// </summary>
public static class PredictionBench
{
    private const string Key = "bench-key-0123456789abcdef";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var rate = Arg(args, "--rate", 1000);
        var seconds = Arg(args, "--seconds", 10);
        var inProcessCalls = Arg(args, "--calls", 20000);
        var folder = Directory.CreateTempSubdirectory("sm-ml-bench-").FullName;
        var c = CultureInfo.InvariantCulture;

        var data = Ai4iCsvLoader.Load(Ai4iCsvLoader.DefaultPath);
        var registry = new ModelRegistry(new FileModelRegistryStore(Path.Combine(folder, "registry.json")),
            new FolderArtifactStore(Path.Combine(folder, "artifacts")), TimeProvider.System);
        var (model, _) = ModelTrainer.TrainAndEvaluate(data, TrainingOptions.Fast);
        var v = await registry.RegisterAsync("ai4i-failure", model, default);
        await registry.PromoteAsync("ai4i-failure", v.Version, default);
        await output.WriteLineAsync($"model: {v.Configuration}");

        // In-process.
        var predictor = new FailurePredictor(registry);
        var readings = data.Rows.Select(r => r.Reading).ToArray();
        for (var i = 0; i < 2000; i++) await predictor.PredictAsync("ai4i-failure", "auto", readings[i % readings.Length], default);
        var local = new double[inProcessCalls];
        for (var i = 0; i < inProcessCalls; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await predictor.PredictAsync("ai4i-failure", "auto", readings[i % readings.Length], default);
            local[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }

        Array.Sort(local);
        await output.WriteLineAsync(string.Create(c, $"in-process: {inProcessCalls} calls, median {Percentiles.Of(local, 0.5):F3} ms, p99 {Percentiles.Of(local, 0.99):F3} ms, max {local[^1]:F3} ms; load average: {LoadAverage()}"));

        // API.
        var url = $"http://127.0.0.1:{FreePort()}";
        await using var app = CloudApplication.Build(
        [
            $"--urls={url}", $"--Cloud:ApiKeys:BootstrapKey={Key}", $"--Cloud:Storage:SqlitePath={Path.Combine(folder, "cloud.db")}",
            $"--Cloud:Ml:RegistryPath={folder}", "--Logging:LogLevel:Default=Warning",
            // The bench measures the ML endpoint, not the per-key rate limiter.
            "--Cloud:RateLimit:PermitsPerSecond=1000000", "--Cloud:RateLimit:Burst=1000000",
        ]);
        await app.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Add("x-api-key", Key);
        var bodies = readings.Take(1000).Select(Body).ToArray();
        for (var i = 0; i < 500; i++) await SendAsync(http, bodies[i % bodies.Length]);

        // One request at a time first: the cost of a request without queueing.
        var sequentialPredict = await SequentialAsync(2000, i => SendAsync(http, bodies[i % bodies.Length]));
        var sequentialHealth = await SequentialAsync(2000, async _ =>
        {
            using var response = await http.GetAsync("/health");
            await response.Content.ReadAsByteArrayAsync();
            return response.IsSuccessStatusCode;
        });
        await output.WriteLineAsync(string.Create(c, $"sequential (1 in flight), 2000 each: predict median {sequentialPredict.Median:F3} ms p99 {sequentialPredict.P99:F3} ms; health median {sequentialHealth.Median:F3} ms p99 {sequentialHealth.P99:F3} ms"));
        var api = await OpenLoopAsync(rate, seconds, i => SendAsync(http, bodies[i % bodies.Length]));
        await output.WriteLineAsync(string.Create(c, $"api POST /api/v1/ml/predict: {api}"));
        // Reference on the same host, client and schedule: the cheapest endpoint (GET /health), so the ratio
        // separates the ML endpoint's cost from the HTTP stack's and the machine's load.
        var reference = await OpenLoopAsync(rate, seconds, async _ =>
        {
            using var response = await http.GetAsync("/health");
            await response.Content.ReadAsByteArrayAsync();
            return response.IsSuccessStatusCode;
        });
        await output.WriteLineAsync(string.Create(c, $"reference GET /health: {reference}"));
        await output.WriteLineAsync(string.Create(c, $"p99 ratio predict / health: {api.P99 / reference.P99:F2}; load average now: {LoadAverage()}"));
        await app.StopAsync();
        Directory.Delete(folder, recursive: true);
        return api.Failures == 0 ? 0 : 1;
    }

    private sealed record LoadResult(int Requests, int Rate, double Achieved, int Failures, double Median, double P99, double Max)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Requests} requests at {Rate}/s scheduled ({Achieved:F0}/s achieved), {Failures} non-200, median {Median:F2} ms, p99 {P99:F2} ms, max {Max:F2} ms");
    }

    /// <summary>Sends request i at start + i/rate whatever earlier requests are doing; latency from the scheduled time.</summary>
    private static async Task<LoadResult> OpenLoopAsync(int rate, int seconds, Func<int, Task<bool>> send)
    {
        var total = rate * seconds;
        var latencies = new double[total];
        var failures = 0;
        var tasks = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            while (Stopwatch.GetTimestamp() < due)
            {
                if (due - Stopwatch.GetTimestamp() > Stopwatch.Frequency / 500) await Task.Delay(1);
                else Thread.SpinWait(50);
            }

            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                var ok = await send(index);
                latencies[index] = (Stopwatch.GetTimestamp() - due) * 1000.0 / Stopwatch.Frequency;
                if (!ok) Interlocked.Increment(ref failures);
            }));
        }

        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Array.Sort(latencies);
        return new LoadResult(total, rate, total / elapsed, failures, Percentiles.Of(latencies, 0.5), Percentiles.Of(latencies, 0.99), latencies[^1]);
    }

    private static async Task<(double Median, double P99)> SequentialAsync(int count, Func<int, Task<bool>> send)
    {
        var latencies = new double[count];
        for (var i = 0; i < count; i++)
        {
            var t = Stopwatch.GetTimestamp();
            if (!await send(i)) throw new InvalidOperationException("request failed");
            latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }

        Array.Sort(latencies);
        return (Percentiles.Of(latencies, 0.5), Percentiles.Of(latencies, 0.99));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static async Task<bool> SendAsync(HttpClient http, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/api/v1/ml/predict", content);
        await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode;
    }

    private static string Body(MachineReading r) => string.Create(CultureInfo.InvariantCulture,
        $$$"""{"model_name":"ai4i-failure","model_version":"auto","features":{"Type":"{{{r.Type}}}","Air_temperature_K":{{{r.AirTemperatureK}}},"Process_temperature_K":{{{r.ProcessTemperatureK}}},"Rotational_speed_rpm":{{{r.RotationalSpeedRpm}}},"Torque_Nm":{{{r.TorqueNm}}},"Tool_wear_min":{{{r.ToolWearMin}}}}}""");

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}
