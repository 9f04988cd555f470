using System.Net.Sockets;
using System.Text;
using MQTTnet;
using SmartMaintenance.EdgeBroker.Mqtt.Limits;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Hostile;

/// <summary>
/// Issue 13, finding 4: hostile clients on raw sockets against the real broker host (Broker:Mqtt:Limits). Each is cut
/// off by the broker (the socket is closed from its side), counted by limit, and a well-behaved device keeps
/// delivering meanwhile. The never-reading client with the default limits: NonReadingClientTests; live managed memory
/// under these attacks: MemoryAfterAttackTests; RSS: bench/broker-abuse.sh.
/// </summary>
public sealed class ConnectionLimitTests : IAsyncLifetime
{
    private readonly BrokerFixture _broker = new(devices: 2);
    private RecordingCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await RecordingCloud.StartAsync(FreePort.Get());

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task Connect_Declaring250MB_IsClosedBeforeTheBodyIsReadAndOthersKeepFlowing()
    {
        await _broker.StartInProcessAsync(_cloud.Url);
        using var hostile = await ConnectRawAsync();

        // CONNECT declaring 250 MiB, then the first kilobyte of it.
        await hostile.SendAsync(RawMqtt.Header(0x10, 250 * 1024 * 1024), SocketFlags.None);
        await SendIgnoringResetAsync(hostile, new byte[1024]);

        Assert.True(await RawMqtt.ClosedByPeerAsync(hostile, TimeSpan.FromSeconds(10)), "the broker kept the connection open");
        Assert.Equal(1, _broker.Metrics.ConnectionsLimited(ConnectionLimit.PacketSize));
        await AnotherDeviceDeliversAsync(1);
    }

    [Fact]
    public async Task Publish_LargerThanMaxPacketBytes_ClosesTheConnectionUnbuffered()
    {
        await _broker.StartInProcessAsync(_cloud.Url);
        using var hostile = await ConnectRawAsync();
        await LoginAsync(hostile, "dev-1");

        // 10 MiB publish: refused on its declared length.
        await hostile.SendAsync(RawMqtt.Header(0x32, 10 * 1024 * 1024), SocketFlags.None);

        Assert.True(await RawMqtt.ClosedByPeerAsync(hostile, TimeSpan.FromSeconds(10)), "the broker kept the connection open");
        Assert.Equal(1, _broker.Metrics.ConnectionsLimited(ConnectionLimit.PacketSize));
        await AnotherDeviceDeliversAsync(1);
    }

    [Fact]
    public async Task Socket_ThatNeverSendsConnect_IsClosedAfterTheConnectTimeout()
    {
        await _broker.StartInProcessAsync(_cloud.Url, "--Broker:Mqtt:Limits:ConnectTimeout=00:00:01");
        using var silent = await ConnectRawAsync();

        Assert.True(await RawMqtt.ClosedByPeerAsync(silent, TimeSpan.FromSeconds(15)), "a silent socket was kept open");
        Assert.Equal(1, _broker.Metrics.ConnectionsLimited(ConnectionLimit.ConnectTimeout));
        await AnotherDeviceDeliversAsync(1);
    }

    [Fact]
    public async Task Connect_SentOneBytePerInterval_IsClosedAtTheConnectDeadline()
    {
        await _broker.StartInProcessAsync(_cloud.Url, "--Broker:Mqtt:Limits:ConnectTimeout=00:00:01");
        using var slow = await ConnectRawAsync();
        var connect = RawMqtt.Connect("dev-1", "dev-1", _broker.Secrets["dev-1"]);

        // Slowloris: one byte every 200 ms; the whole CONNECT would take over 10 s. Pacing the attacker, not waiting.
        var sent = 0;
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (sent < connect.Length && await pace.WaitForNextTickAsync())
        {
            try
            {
                await slow.SendAsync(connect.AsMemory(sent, 1), SocketFlags.None);
                sent++;
            }
            catch (SocketException)
            {
                break;
            }
        }

        Assert.True(sent < connect.Length, "the whole CONNECT went through");
        Assert.True(await RawMqtt.ClosedByPeerAsync(slow, TimeSpan.FromSeconds(10)));
        Assert.Equal(1, _broker.Metrics.ConnectionsLimited(ConnectionLimit.ConnectTimeout));
        Assert.Equal(0, _broker.Metrics.ConnectionsAccepted);
    }

    [Fact]
    public async Task Client_ThatNeverReadsItsPubAcks_IsDisconnectedAndOthersKeepFlowing()
    {
        await _broker.StartInProcessAsync(_cloud.Url, "--Broker:Mqtt:Limits:MaxUnacknowledged=100", "--Broker:Mqtt:Limits:SendBufferBytes=4096");
        using var hostile = await ConnectRawAsync(receiveBuffer: 1024);
        await LoginAsync(hostile, "dev-1");

        // QoS 1 publishes to a topic the ACL refuses (a PUBACK each, nothing stored), never reading the answers.
        var closed = false;
        for (var i = 0; i < 200_000 && !closed; i++)
        {
            try
            {
                await hostile.SendAsync(RawMqtt.Publish("not/allowed", (ushort)(i % 65535 + 1), "x"u8.ToArray()), SocketFlags.None);
            }
            catch (SocketException)
            {
                closed = true;
            }
        }

        Assert.True(closed || await RawMqtt.ClosedByPeerAsync(hostile, TimeSpan.FromSeconds(30)), "the non-reading client was kept");
        await Eventually.WaitForAsync(() => Task.FromResult(_broker.Metrics.ConnectionsLimited(ConnectionLimit.Unacknowledged)
            + _broker.Metrics.ConnectionsLimited(ConnectionLimit.WriteTimeout)), n => n == 1, TimeSpan.FromSeconds(30), "the limit counted");
        await AnotherDeviceDeliversAsync(1);
    }

    [Fact]
    public async Task Connections_FromOneAddressPastTheBurst_AreRefusedAtAccept()
    {
        await _broker.StartInProcessAsync(_cloud.Url, "--Broker:Mqtt:Limits:ConnectionBurstPerAddress=3", "--Broker:Mqtt:Limits:ConnectionsPerSecondPerAddress=1");
        var refused = 0;
        var open = new List<Socket>();
        try
        {
            // Eight at once: three from the burst, then one token per second; a reset may come during the handshake.
            for (var i = 0; i < 8; i++)
            {
                try
                {
                    open.Add(await ConnectRawAsync());
                }
                catch (SocketException)
                {
                    refused++;
                }
            }

            foreach (var socket in open.Skip(3))
            {
                refused += await RawMqtt.ClosedByPeerAsync(socket, TimeSpan.FromSeconds(2)) ? 1 : 0;
            }
        }
        finally
        {
            open.ForEach(s => s.Dispose());
        }

        Assert.True(refused >= 1, "no connection refused past the burst");
        Assert.True(_broker.Metrics.ConnectionsLimited(ConnectionLimit.AddressRate) >= 1);
        // The first three (the burst) were not refused: they stay open until the connect timeout.
        Assert.True(refused <= 5, $"{refused} refused");
    }

    private async Task<Socket> ConnectRawAsync(int receiveBuffer = 0)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        if (receiveBuffer > 0)
        {
            socket.ReceiveBufferSize = receiveBuffer;
        }

        await socket.ConnectAsync("127.0.0.1", _broker.MqttPort);
        return socket;
    }

    private async Task LoginAsync(Socket socket, string device)
    {
        await socket.SendAsync(RawMqtt.Connect(device, device, _broker.Secrets[device]), SocketFlags.None);
        var connack = new byte[64];
        var read = await socket.ReceiveAsync(connack.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(read >= 4 && connack[0] == 0x20 && connack[3] == 0, $"CONNACK {Convert.ToHexString(connack, 0, read)}");
    }

    private static async Task SendIgnoringResetAsync(Socket socket, byte[] bytes)
    {
        try
        {
            await socket.SendAsync(bytes, SocketFlags.None);
        }
        catch (SocketException)
        {
            // Already closed by the broker: what the test wants.
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
