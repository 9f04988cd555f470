using SmartMaintenance.Firmware.Core.Config;
using SmartMaintenance.Firmware.Core.Connection;
using SmartMaintenance.Firmware.Core.Filtering;
using SmartMaintenance.Firmware.Core.Network;
using SmartMaintenance.Firmware.Core.Platform;
using SmartMaintenance.Firmware.Core.Reliability;
using SmartMaintenance.Firmware.Core.Telemetry;

namespace SmartMaintenance.Firmware.Bench;

/// <summary>
/// --budget: builds the core exactly as the board's Program.cs does (5 channels, 48 x 256-byte outbox, supervisor
/// with HTTP fallback) and prints the bytes that took on the desktop heap, plus the compiled core's IL size. The
/// desktop CLR's object headers are larger than nanoFramework's, so this is an upper bound for the buffers.
/// </summary>
internal static class BudgetReport
{
    public static int Run()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = new StubClock();
        var outbox = new Outbox(48, 256);
        var pipeline = new SamplePipeline("esp32-0001", clock, new SequenceCounter(new StubStore(), "seq", 1000), outbox, new DeviceSettings(), 5);
        foreach (var id in new[] { "motor-temp", "motor-current", "pressure", "vibration", "speed" })
        {
            pipeline.AddChannel(id, "type", "u", new FilterOptions());
        }

        var supervisor = new ConnectionSupervisor("plant-1", "esp32-0001", clock, new StubLink(), new StubTransport(), new StubHttp(),
            outbox, new Backoff(new XorShiftRandom(1), 1000, 60000), new RemoteConfigHandler(pipeline), new SupervisorOptions());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(supervisor);
        var dll = typeof(SamplePipeline).Assembly.Location;
        Console.WriteLine($"core objects as configured on the board: {allocated} bytes allocated at start (desktop CLR)");
        Console.WriteLine($"  of which outbox slots: {outbox.Capacity} x {outbox.SlotSize} = {outbox.Capacity * outbox.SlotSize} bytes");
        Console.WriteLine($"compiled core + wire contract (desktop IL, {Path.GetFileName(dll)}): {new FileInfo(dll).Length} bytes");
        return 0;
    }

    private sealed class StubClock : IClock
    {
        public long UptimeMs => 0;
        public bool IsUtcValid => false;
        public long UtcNowMs => 0;
    }

    private sealed class StubStore : IPersistentStore
    {
        public long ReadLong(string key, long fallback) => fallback;
        public void WriteLong(string key, long value)
        {
        }
    }

    private sealed class StubLink : INetworkLink
    {
        public bool IsUp => false;
        public bool Connect(int timeoutMs) => false;
        public void Disconnect()
        {
        }
    }

    private sealed class StubTransport : IMqttTransport
    {
        public bool IsConnected => false;
        public int Session => 0;
        public bool Open() => false;
        public bool Subscribe(string topic) => false;
        public int Publish(string topic, byte[] payload, int length, bool retain) => -1;
        public void Close()
        {
        }

        public void SetListener(IMqttTransportListener listener)
        {
        }
    }

    private sealed class StubHttp : IHttpUplink
    {
        public int Post(byte[] body, int length) => -1;
    }
}
