using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SmartMaintenance.EdgeBroker.Bench;

/// <summary>
/// Mosquitto from apt as the reference, on a free loopback port with a temp config: set_tcp_nodelay true,
/// persistence false (as issue 4 specifies), anonymous (it has no device auth to compare with).
/// </summary>
public sealed class MosquittoReference : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private MosquittoReference(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Target = new BrokerTarget("mosquitto", port, i => ($"dev-{i}", null, null));
    }

    public BrokerTarget Target { get; }
    public int ProcessId => _process.Id;

    public static async Task<MosquittoReference> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("sm-bench-mosquitto-").FullName;
        var port = Ports.Free();
        var config = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"""
            listener {port} 127.0.0.1
            allow_anonymous true
            persistence false
            set_tcp_nodelay true
            max_inflight_messages 100
            log_dest none
            """);
        var path = File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";
        var process = Process.Start(new ProcessStartInfo(path, ["-c", config]) { UseShellExecute = false, RedirectStandardError = true })
            ?? throw new InvalidOperationException("mosquitto did not start (apt-get install mosquitto)");
        await Ports.WaitListeningAsync(port);
        return new MosquittoReference(process, directory, port);
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

internal static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitListeningAsync(int port)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"nothing listens on {port} after 30 s");
    }
}
