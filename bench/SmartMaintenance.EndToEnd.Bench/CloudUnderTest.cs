using System.Diagnostics;
using System.Reflection;
using SmartMaintenance.Cloud.Bench;

namespace SmartMaintenance.EndToEnd.Bench;

/// <summary>
/// The real cloud on a fresh database of the bench server, with the cloud bench's settings (BenchHost.Arguments:
/// rate limits raised, ML baseline training off). By default its own process (Release build, the cloud's own
/// runtime settings), as in production; with --cloud inproc it is hosted in this process through BenchHost, where
/// it shares the thread pool with the load clients.
/// </summary>
public sealed class CloudUnderTest : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly BenchHost? _host;

    private CloudUnderTest(string url, string connectionString, Process? process, BenchHost? host)
    {
        Url = url;
        ConnectionString = connectionString;
        _process = process;
        _host = host;
    }

    public string Url { get; }
    public string ConnectionString { get; }
    /// <summary>The process that runs the cloud (this one when in-process).</summary>
    public int ProcessId => _process?.Id ?? Environment.ProcessId;

    public static async Task<CloudUnderTest> StartAsync(bool inProcess)
    {
        if (inProcess)
        {
            var host = await BenchHost.StartAsync("bench_e2e");
            return new CloudUnderTest(host.Url, host.ConnectionString, null, host);
        }

        var connectionString = await BenchHost.CreateDatabaseAsync("bench_e2e");
        var url = $"http://127.0.0.1:{BenchHost.FreePort()}";
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(CloudDll());
        foreach (var arg in BenchHost.Arguments(url, connectionString))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the cloud did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("[cloud] " + e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("[cloud] " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var cloud = new CloudUnderTest(url, connectionString, process, null);
        await cloud.WaitReadyAsync();
        return cloud;
    }

    public HttpClient Client() =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 2 }) { BaseAddress = new Uri(Url), DefaultRequestHeaders = { { "x-api-key", BenchHost.Key } } };

    /// <summary>/health/ready answers once the database is migrated.</summary>
    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 600; i++)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"the cloud exited with code {_process.ExitCode} during start (see [cloud] lines)");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the cloud at {Url} was not ready after 60 s");
    }

    private static string CloudDll()
    {
        var configuration = typeof(CloudUnderTest).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var dll = Path.Combine(dir.FullName, "cloud", "SmartMaintenance.Cloud", "bin", configuration, "net10.0", "SmartMaintenance.Cloud.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new FileNotFoundException("SmartMaintenance.Cloud.dll not built; run dotnet build bench/SmartMaintenance.EndToEnd.Bench -c Release first");
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
