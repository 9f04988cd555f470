using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using SmartMaintenance.Cloud.Hosting;

namespace SmartMaintenance.Cloud.Ml.Bench;

/// <summary>
/// The cloud under measurement. In-process (default): CloudApplication.Build in this process with the registry the
/// bench trained, so its CPU time includes the load client's. With --cloud-dll: that build of the cloud in its own
/// process, which trains its own first-start baseline; its CPU time is the cloud's alone, and builds of other commits
/// can be measured with the same client (the old and the new cloud alternately, same minutes).
/// </summary>
internal sealed class CloudTarget : IAsyncDisposable
{
    public const string Key = "bench-key-0123456789abcdef";

    private readonly WebApplication? _app;
    private readonly Process? _process;

    private CloudTarget(string url, WebApplication? app, Process? process, string description)
    {
        Url = url;
        _app = app;
        _process = process;
        Description = description;
    }

    public string Url { get; }

    /// <summary>Whose CPU time <see cref="CpuTime"/> reads, for the output.</summary>
    public string Description { get; }

    /// <summary>
    /// The host settings of every run. The bench measures the failure model's endpoint, so the RUL model's
    /// first-start training (minutes of one core, issue 17's latency regression) is off unless --host-arg turns it on.
    /// Settings a build does not know are ignored by it (configuration binding), so older builds take the same list.
    /// </summary>
    public static IEnumerable<string> Settings(string url, string folder, bool ownRegistry) =>
    [
        $"--urls={url}", $"--Cloud:ApiKeys:BootstrapKey={Key}", $"--Cloud:Storage:SqlitePath={Path.Combine(folder, "cloud.db")}",
        $"--Cloud:Ml:RegistryPath={(ownRegistry ? Path.Combine(folder, "cloud-ml") : folder)}", "--Logging:LogLevel:Default=Warning",
        // The bench measures the ML endpoint, not the per-key rate limiter.
        "--Cloud:RateLimit:PermitsPerSecond=1000000", "--Cloud:RateLimit:Burst=1000000",
        "--Cloud:Ml:TrainRulOnStart=false",
    ];

    public static async Task<CloudTarget> StartInProcessAsync(string folder, IReadOnlyList<string> hostArgs)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var app = CloudApplication.Build([.. Settings(url, folder, ownRegistry: false), .. hostArgs]);
        await app.StartAsync();
        return new CloudTarget(url, app, null, "this process: load client + cloud");
    }

    /// <summary>Starts the build and waits until its first-start baseline is the production model (up to 10 minutes).</summary>
    public static async Task<CloudTarget> StartProcessAsync(string dll, string folder, IReadOnlyList<string> hostArgs, TextWriter output)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in Settings(url, folder, ownRegistry: true).Concat(hostArgs))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[cloud] " + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[cloud] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var target = new CloudTarget(url, null, process, $"cloud process {process.Id} ({dll})");
        try
        {
            await target.WaitForProductionModelAsync(output);
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }

        return target;
    }

    /// <summary>CPU time (user + system) of the process that runs the cloud.</summary>
    public TimeSpan CpuTime()
    {
        if (_process is null)
        {
            using var self = Process.GetCurrentProcess();
            return self.TotalProcessorTime;
        }

        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    private async Task WaitForProductionModelAsync(TextWriter output)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("x-api-key", Key);
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(10))
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"the cloud exited with code {_process.ExitCode} during start (see [cloud] lines)");
            }

            try
            {
                var models = await http.GetFromJsonAsync<JsonElement>("/api/v1/ml/models");
                if (models.GetProperty("status").GetString() == "ready"
                    && models.GetProperty("versions").EnumerateArray().Any(v => v.GetProperty("stage").GetString() == "production"))
                {
                    await output.WriteLineAsync($"cloud process ready after {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s (first-start baseline trained)");
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // Not listening yet, or still training.
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"the cloud at {Url} had no production model after 10 minutes");
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}
