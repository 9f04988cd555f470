using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;
using Xunit.Abstractions;

namespace SmartMaintenance.EdgeBroker.Tests.Hostile;

/// <summary>
/// Issue 13, finding 4: what hostile connections cost the broker's managed heap while they are open, and that it is
/// released when they are gone (by a limit or by the client). Live bytes after full blocking collections, not RSS:
/// RSS also holds the heap the GC keeps for reuse and code compiled on first use (docs/limits-and-abuse.md), and is
/// measured by bench/broker-abuse.sh. The broker runs in this process, so the class runs alone (MemoryMeasurement).
/// </summary>
[Collection(MemoryMeasurement.Name)]
public sealed class MemoryAfterAttackTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int SilentSockets = 300;
    private const int OversizedConnects = 50;

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

    [Fact]
    public async Task Attacks_ManagedMemoryPerConnectionIsBoundedAndAllOfItIsReleased()
    {
        await _broker.StartInProcessAsync(_cloud.Url,
            "--Broker:Mqtt:Limits:ConnectTimeout=00:05:00", // the silent sockets stay until the test closes them
            "--Broker:Mqtt:Limits:ConnectionBurstPerAddress=100000", "--Broker:Mqtt:Limits:ConnectionsPerSecondPerAddress=100000",
            "--Broker:Mqtt:Limits:MaxUnacknowledged=1000", "--Broker:Memory:ReclaimAfterAttack=00:00:00");

        // The first round pays for first use (compiled code, pools, caches); the second is measured.
        await AttackAsync(measureWhileOpen: false);
        var baseline = LiveManagedBytes();
        var whileOpen = await AttackAsync(measureWhileOpen: true);
        var after = LiveManagedBytes();

        var perConnection = (whileOpen - baseline) / SilentSockets;
        output.WriteLine($"live managed bytes: baseline {baseline}, with {SilentSockets} silent connections {whileOpen} ({perConnection} each), after {after} ({after - baseline:+#;-#;0})");
        Assert.True(perConnection is >= 1024 and <= 32 * 1024,
            $"a silent connection held {perConnection} B of managed memory (bound 32 KiB; baseline {baseline} B, with {SilentSockets} open {whileOpen} B)");
        Assert.True(after - baseline < (whileOpen - baseline) / 4,
            $"after the attack {after - baseline} B more were live than before it ({whileOpen - baseline} B while {SilentSockets} connections were open)");
        await Eventually.WaitForAsync(() => Task.FromResult(_broker.Metrics.Connected), n => n == 0, TimeSpan.FromSeconds(10), "no device connected");
    }

    [Fact]
    public async Task Attack_ThenQuiet_MemoryIsReturnedOnceAndLogged()
    {
        await _broker.StartInProcessAsync(_cloud.Url, "--Broker:Memory:ReclaimAfterAttack=00:00:01",
            "--Logging:LogLevel:SmartMaintenance.EdgeBroker.Observability.MemoryReclaimer=Information");
        Assert.Equal(0, _broker.Metrics.MemoryReclaims);

        using (var hostile = await ConnectRawAsync())
        {
            await hostile.SendAsync(RawMqtt.Header(0x10, 250 * 1024 * 1024), SocketFlags.None);
            Assert.True(await RawMqtt.ClosedByPeerAsync(hostile, TimeSpan.FromSeconds(10)), "the broker kept the connection open");
        }

        await Eventually.WaitForAsync(() => Task.FromResult(_broker.Metrics.MemoryReclaims), n => n >= 1, TimeSpan.FromSeconds(30), "the memory reclaim after the attack");
        Assert.Equal(1, _broker.Metrics.MemoryReclaims);
        Assert.Contains(_logs.Lines, line => line.Contains("Attack over: 1 connection(s) cut or refused by limits", StringComparison.Ordinal));
    }

    /// <summary>
    /// Silent sockets (never a CONNECT), CONNECTs declaring 250 MiB (closed by the packet size limit) and a logged-in
    /// client flooding PINGREQs without reading (closed by the cap on unanswered requests); returns the live managed
    /// bytes while the silent sockets were open (0 unless asked), once every connection is gone again.
    /// </summary>
    private async Task<long> AttackAsync(bool measureWhileOpen)
    {
        var silent = new List<Socket>();
        var whileOpen = 0L;
        try
        {
            for (var i = 0; i < SilentSockets; i++)
            {
                silent.Add(await ConnectRawAsync());
            }

            await Eventually.WaitForAsync(() => Task.FromResult(_broker.Metrics.OpenConnections), n => n == SilentSockets, TimeSpan.FromSeconds(30), "the silent sockets accepted");
            whileOpen = measureWhileOpen ? LiveManagedBytes() : 0;

            for (var i = 0; i < OversizedConnects; i++)
            {
                using var oversized = await ConnectRawAsync();
                await oversized.SendAsync(RawMqtt.Header(0x10, 250 * 1024 * 1024), SocketFlags.None);
                Assert.True(await RawMqtt.ClosedByPeerAsync(oversized, TimeSpan.FromSeconds(10)), "an oversized CONNECT was kept");
            }

            await PingFloodUntilCutAsync();
        }
        finally
        {
            silent.ForEach(s => s.Dispose());
        }

        await Eventually.WaitForAsync(() => Task.FromResult(_broker.Metrics.OpenConnections), n => n == 0, TimeSpan.FromSeconds(30), "every connection closed");
        return whileOpen;
    }

    private async Task PingFloodUntilCutAsync()
    {
        // A small receive buffer set before connecting (the window is agreed at connect): the broker's answers fill it soon.
        using var hostile = await ConnectRawAsync(receiveBuffer: 4096);
        await hostile.SendAsync(RawMqtt.Connect("dev-1", "dev-1", _broker.Secrets["dev-1"]), SocketFlags.None);
        var connack = new byte[64];
        Assert.True(await hostile.ReceiveAsync(connack.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10)) >= 4);
        var chunk = Enumerable.Repeat(RawMqtt.PingReq(), 1000).SelectMany(p => p).ToArray();
        await Eventually.WaitForAsync(async () =>
        {
            try
            {
                await hostile.SendAsync(chunk, SocketFlags.None);
                return false;
            }
            catch (SocketException)
            {
                return true;
            }
        }, cut => cut, TimeSpan.FromSeconds(60), "the ping flooder cut off");
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

    /// <summary>Bytes of objects still reachable, after full blocking collections (finalizers run in between).</summary>
    private static long LiveManagedBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
