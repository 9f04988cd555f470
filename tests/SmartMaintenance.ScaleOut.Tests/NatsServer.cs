using SmartMaintenance.TestSupport;

namespace SmartMaintenance.ScaleOut.Tests;

/// <summary>
/// A real nats-server (Debian's package, JetStream on, file storage in a temp folder, loopback, free ports) with its
/// HTTP monitoring port, which the tests read for the streams' and consumers' state. <see cref="RestartAsync"/> kills it
/// (SIGKILL) and starts it again on the same ports and data: the clients must reconnect and nothing stored may be lost.
/// </summary>
internal sealed class NatsServer : IAsyncDisposable
{
    public const string Program = "/usr/sbin/nats-server";

    private readonly string _folder;
    private ChildProcess? _process;

    private NatsServer(string folder, int port, int monitorPort)
    {
        _folder = folder;
        Port = port;
        MonitorPort = monitorPort;
    }

    public int Port { get; }
    public int MonitorPort { get; }
    public string Url => $"nats://127.0.0.1:{Port}";
    public Uri MonitorUrl => new($"http://127.0.0.1:{MonitorPort}");
    public string Output => _process?.Output ?? "";

    public static async Task<NatsServer> StartAsync()
    {
        if (!File.Exists(Program))
        {
            throw new InvalidOperationException($"{Program} is not installed: apt-get install nats-server");
        }

        var server = new NatsServer(TempFolders.Create("sm-nats-"), FreePort.Get(), FreePort.Get());
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>kill -9 and start again on the same ports and store directory; returns once JetStream answers.</summary>
    public async Task RestartAsync()
    {
        await _process!.KillAsync();
        await StartProcessAsync();
    }

    private async Task StartProcessAsync()
    {
        _process = ChildProcess.Start("nats-server", Program,
        [
            "-js", "-sd", Path.Combine(_folder, "store"), "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-m", MonitorPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-n", "sm-test",
        ]);
        using var http = new HttpClient { BaseAddress = MonitorUrl, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.WaitForAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("nats-server exited during start:\n" + _process.Output);
            }

            try
            {
                using var response = await http.GetAsync("/healthz?js-enabled-only=true");
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, ready => ready, TimeSpan.FromSeconds(30), "nats-server to answer /healthz");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        TempFolders.Delete(_folder);
    }
}
