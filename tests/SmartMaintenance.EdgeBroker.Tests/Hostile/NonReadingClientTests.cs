using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.Mqtt.Limits;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Hostile;

/// <summary>
/// Issue 13, finding 4: a logged-in client that subscribes and then never reads its socket, against the real broker
/// host with its DEFAULT limits (ConnectionLimitTests shrinks the send buffer instead, which hid the bug: with the
/// kernel's autotuned buffer the broker never noticed such a client). It is cut off by the cap on requests not
/// answered on the wire, the reason is logged and counted, and another device keeps delivering.
/// </summary>
public sealed class NonReadingClientTests : IAsyncLifetime
{
    /// <summary>
    /// Requests the hostile client sends. With the fix the broker cuts it after at most MaxUnacknowledged (10,000)
    /// unanswered requests plus the answers that fit in MaxUnsentBytes (16 KiB) and in the client's small receive
    /// window: about 15,000 PUBACKs or 20,000 PINGRESPs. Without it the kernel took every answer of this many
    /// requests (measured with `ss -tm`, see docs/limits-and-abuse.md) and the client was never cut.
    /// </summary>
    private const int FloodRequests = 60_000;

    private readonly BrokerFixture _broker = new(devices: 2);
    private readonly LogCapture _logs = new();
    private RecordingCloud _cloud = null!;

    public async Task InitializeAsync()
    {
        _cloud = await RecordingCloud.StartAsync(FreePort.Get());
        _broker.Overrides = services => services.AddSingleton<ILoggerProvider>(_logs);
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _cloud.DisposeAsync();
    }

    [Theory]
    [InlineData("publish")]
    [InlineData("ping")]
    public async Task Client_ThatSubscribesAndNeverReads_IsCutOffWithTheDefaultLimitsAndOthersKeepFlowing(string flood)
    {
        // Default limits; the per-publish ACL warning is silenced so the flood does not flood the test log.
        await _broker.StartInProcessAsync(_cloud.Url, "--Logging:LogLevel:SmartMaintenance.EdgeBroker.Mqtt.PublishHandler=Error");
        using var hostile = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await hostile.ConnectAsync("127.0.0.1", _broker.MqttPort);
        await hostile.SendAsync(RawMqtt.Connect("dev-1", "dev-1", _broker.Secrets["dev-1"]), SocketFlags.None);
        var connack = new byte[64];
        var read = await hostile.ReceiveAsync(connack.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(read >= 4 && connack[0] == 0x20 && connack[3] == 0, $"CONNACK {Convert.ToHexString(connack, 0, read)}");
        await hostile.SendAsync(RawMqtt.Subscribe(TopicScheme.Build(BrokerFixture.Site, "dev-1", TopicScheme.Config), 1), SocketFlags.None);

        // From here on the client never reads: QoS 1 publishes (a PUBACK each) or PINGREQs (a PINGRESP each).
        var cut = await FloodAsync(hostile, flood);
        cut = cut || await Eventually.WaitForAsync(() => Task.FromResult(SendFails(hostile)), closed => closed, TimeSpan.FromSeconds(60),
            "the broker to cut off the client that never reads");

        Assert.True(cut);
        Assert.Equal(1, _broker.Metrics.ConnectionsLimited(ConnectionLimit.Unacknowledged));
        Assert.Equal(0, _broker.Metrics.ConnectionsLimited(ConnectionLimit.WriteTimeout));
        Assert.Contains(_logs.Lines, line => line.Contains("closed by limit Unacknowledged", StringComparison.Ordinal)
            && line.Contains("the client does not read", StringComparison.Ordinal));
        await AnotherDeviceDeliversAsync(1);
    }

    /// <summary>Sends <see cref="FloodRequests"/> requests in chunks; true if the broker cut the connection meanwhile.</summary>
    private static async Task<bool> FloodAsync(Socket socket, string flood)
    {
        const int PerChunk = 500;
        for (var sent = 0; sent < FloodRequests; sent += PerChunk)
        {
            var chunk = Enumerable.Range(sent, PerChunk)
                .SelectMany(i => flood == "ping" ? RawMqtt.PingReq() : RawMqtt.Publish("not/allowed", (ushort)(i % 65535 + 1), "x"u8.ToArray()))
                .ToArray();
            try
            {
                await socket.SendAsync(chunk, SocketFlags.None);
            }
            catch (SocketException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A PINGREQ that fails to send means the broker has reset the connection (nothing is read).</summary>
    private static bool SendFails(Socket socket)
    {
        try
        {
            socket.Send(RawMqtt.PingReq());
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    /// <summary>dev-2, a real MQTTnet client, publishes and its reading reaches the cloud.</summary>
    private async Task AnotherDeviceDeliversAsync(long seq)
    {
        using var client = await _broker.ConnectAsync("dev-2");
        var result = await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-2"), BrokerFixture.Reading("dev-2", seq)));
        Assert.True(result.IsSuccess);
        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Stored.ContainsKey(("dev-2", seq))), ok => ok, TimeSpan.FromSeconds(10), "dev-2's reading stored");
    }
}
