using System.Collections.Concurrent;
using System.Diagnostics;
using MQTTnet;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Support;

/// <summary>The broker as its own `dotnet SmartMaintenance.EdgeBroker.dll` process, so a test can kill -9 it.</summary>
public sealed class BrokerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private BrokerProcess(Process process) => _process = process;

    /// <summary>The child's last 200 lines of output (stdout and stderr), for a failure message.</summary>
    public string RecentOutput => string.Join('\n', _log);

    public bool HasExited => _process.HasExited;

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > 200 && _log.TryDequeue(out _))
        {
        }
    }

    public static async Task<BrokerProcess> StartAsync(BrokerFixture broker, string cloudUrl)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(broker, cloudUrl);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // The child exited at start, most likely a port taken between FreePort and its bind.
                broker.NewPorts();
            }
        }
    }

    private static async Task<BrokerProcess> StartOnceAsync(BrokerFixture broker, string cloudUrl)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepoPaths.ProgramDll("edge-broker", "SmartMaintenance.EdgeBroker"));
        foreach (var arg in broker.Args(cloudUrl))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the broker");
        var running = new BrokerProcess(process);
        // Drain the pipes so a chatty child never blocks on a full buffer; keep the tail for failure messages.
        process.OutputDataReceived += (_, e) => running.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => running.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.WaitForAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"broker exited with {process.ExitCode}");
            }

            try
            {
                using var client = await broker.ConnectAsync("dev-1", clientId: "dev-1");
                await client.DisconnectAsync(new MqttClientDisconnectOptions());
                return true;
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                return false;
            }
        }, ok => ok, TimeSpan.FromSeconds(30), "the broker process to accept MQTT");

        // The probe above used the device's own client id: wait until the broker has let it go, so the test's device
        // does not race the probe's session on connect (a takeover while the first publishes are in flight).
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{broker.HttpPort}") };
        await Eventually.WaitForAsync(async () =>
        {
            try
            {
                var metrics = await http.GetStringAsync("/metrics");
                return metrics.Split('\n').Any(line => line.Trim() == "sm_broker_connected_devices 0");
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, idle => idle, TimeSpan.FromSeconds(30), "the readiness probe's connection to close");
        return running;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush — what a power cut or OOM kill looks like to the process.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
