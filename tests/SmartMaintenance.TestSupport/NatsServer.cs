using System.Diagnostics;
using System.Net.Sockets;

namespace SmartMaintenance.TestSupport;

/// <summary>
/// A real nats-server with JetStream (apt package nats-server), on a free loopback port with its store in a temp
/// folder. Dispose kills it and deletes the folder (also when the test failed). RestartAsync stops it the way an
/// operator does (SIGTERM, the store flushed) and starts it again on the same port and store.
/// </summary>
public sealed class NatsServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string _program;
    private readonly string _storeDirectory;
    private Process? _process;

    private NatsServer(string program, string storeDirectory, int port)
    {
        _program = program;
        _storeDirectory = storeDirectory;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    /// <summary>The running server's process id (for its CPU time in benchmarks); null while it is stopped.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>The server's output so far, for failure messages.</summary>
    public string Log => _log.ToString();

    private readonly System.Text.StringBuilder _log = new();

    public static async Task<NatsServer> StartAsync()
    {
        var program = File.Exists("/usr/sbin/nats-server") ? "/usr/sbin/nats-server" : ProcessRunner.Require("nats-server", "nats-server");
        var server = new NatsServer(program, TempFolders.Create("sm-nats-"), FreePort.Get());
        try
        {
            await server.StartProcessAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server gracefully (SIGTERM) and waits for it to exit; the store stays.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        // SIGTERM, as systemd stops it: the server flushes its store. (Process.Kill would be SIGKILL.)
        await ProcessRunner.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], StartTimeout);
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            process.Dispose();
        }

        TempFolders.Delete(_storeDirectory);
    }

    private async Task StartProcessAsync()
    {
        _process?.Dispose();
        var start = new ProcessStartInfo(_program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-js", "-sd", _storeDirectory, "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_log)
            {
                _log.AppendLine(e.Data);
            }

            if (e.Data.Contains("Server is ready", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"nats-server exited at start:\n{Log}"));
        if (!process.Start())
        {
            throw new InvalidOperationException("cannot start nats-server");
        }

        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(StartTimeout);
        using var probe = new TcpClient();
        await probe.ConnectAsync("127.0.0.1", Port);
    }
}
