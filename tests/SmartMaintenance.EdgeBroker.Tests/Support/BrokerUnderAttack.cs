using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartMaintenance.EdgeBroker.Tests.Hostile;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Support;

/// <summary>
/// What the hostile-client tests share: the real broker host (two devices; each test starts it in process with its
/// own settings) forwarding to a recording cloud, with its log lines captured; raw sockets to its MQTT port, a raw
/// MQTT 5 login, and dev-2, a well-behaved MQTTnet client whose reading must still reach the cloud.
/// </summary>
public abstract class BrokerUnderAttack : IAsyncLifetime
{
    protected BrokerFixture Broker { get; } = new(devices: 2);

    /// <summary>The in-process broker's log lines (registered as a logger provider before it starts).</summary>
    protected LogCapture Logs { get; } = new();

    protected RecordingCloud Cloud { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cloud = await RecordingCloud.StartAsync(FreePort.Get());
        Broker.Overrides = services => services.AddSingleton<ILoggerProvider>(Logs);
    }

    public async Task DisposeAsync()
    {
        await Broker.DisposeAsync();
        if (Cloud is not null)
        {
            await Cloud.DisposeAsync();
        }
    }

    /// <summary>A TCP connection to the broker's MQTT port; a receive buffer set before connecting fixes the window the broker sees.</summary>
    protected async Task<Socket> ConnectRawAsync(int receiveBuffer = 0)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        if (receiveBuffer > 0)
        {
            socket.ReceiveBufferSize = receiveBuffer;
        }

        await socket.ConnectAsync("127.0.0.1", Broker.MqttPort);
        return socket;
    }

    /// <summary>Sends an MQTT 5 CONNECT as <paramref name="device"/> and asserts a CONNACK with reason 0 (success).</summary>
    protected async Task LoginAsync(Socket socket, string device)
    {
        await socket.SendAsync(RawMqtt.Connect(device, device, Broker.Secrets[device]), SocketFlags.None);
        var connack = new byte[64];
        var read = await socket.ReceiveAsync(connack.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(read >= 4 && connack[0] == 0x20 && connack[3] == 0, $"CONNACK {Convert.ToHexString(connack, 0, read)}");
    }

    /// <summary>dev-2, a real MQTTnet client, publishes and its reading reaches the cloud.</summary>
    protected async Task AnotherDeviceDeliversAsync(long seq)
    {
        using var client = await Broker.ConnectAsync("dev-2");
        var result = await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-2"), BrokerFixture.Reading("dev-2", seq)));
        Assert.True(result.IsSuccess);
        await Eventually.WaitForAsync(() => Task.FromResult(Cloud.Stored.ContainsKey(("dev-2", seq))), ok => ok, TimeSpan.FromSeconds(10), "dev-2's reading stored");
    }
}
