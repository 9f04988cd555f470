using System.Diagnostics;
using System.Net;
using MQTTnet.Server;

namespace SmartMaintenance.EdgeBroker.Bench;

/// <summary>
/// MQTTnet 5's server with no handlers at all (no auth, ACL, validation, outbox), in its own process: tells how
/// much of the gap to Mosquitto is the library and its default TCP transport, and how much is our work per message.
/// </summary>
public sealed class BareMqttnetReference : IAsyncDisposable
{
    public const string Mode = "bare-mqttnet";
    private readonly Process _process;

    private BareMqttnetReference(Process process, int port)
    {
        _process = process;
        Target = new BrokerTarget("bare-mqttnet", port, i => ($"dev-{i}", null, null));
    }

    public BrokerTarget Target { get; }
    public int ProcessId => _process.Id;

    public static async Task<BareMqttnetReference> StartAsync()
    {
        var port = Ports.Free();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        start.ArgumentList.Add(typeof(BareMqttnetReference).Assembly.Location);
        start.ArgumentList.Add(Mode);
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = Process.Start(start) ?? throw new InvalidOperationException("bare MQTTnet server did not start");
        await Ports.WaitListeningAsync(port);
        return new BareMqttnetReference(process, port);
    }

    /// <summary>The child process: serve until killed.</summary>
    public static async Task ServeAsync(int port)
    {
        var factory = new MqttServerFactory();
        using var server = factory.CreateMqttServer(factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port).Build());
        await server.StartAsync();
        await Task.Delay(Timeout.Infinite);
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
