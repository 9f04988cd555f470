using System.Diagnostics;
using MQTTnet;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Support;

/// <summary>The broker as its own `dotnet SmartMaintenance.EdgeBroker.dll` process, so a test can kill -9 it.</summary>
public sealed class BrokerProcess : IDisposable
{
    private readonly Process _process;

    private BrokerProcess(Process process) => _process = process;

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
        // Drain the pipes so a chatty child never blocks on a full buffer.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var running = new BrokerProcess(process);
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
