using SmartMaintenance.Firmware.Core.Config;
using SmartMaintenance.Firmware.Core.Connection;
using SmartMaintenance.Firmware.Core.Filtering;
using SmartMaintenance.Firmware.Core.Network;
using SmartMaintenance.Firmware.Core.Platform;
using SmartMaintenance.Firmware.Core.Reliability;
using SmartMaintenance.Firmware.Core.Telemetry;
using SmartMaintenance.Firmware.Tests.Fakes;

namespace SmartMaintenance.Firmware.Tests.Connection;

/// <summary>A board with fake Wi-Fi, broker, cloud and clock; every step is driven by the test.</summary>
internal sealed class SupervisorRig
{
    public FakeClock Clock { get; } = new();
    public FakeLink Link { get; } = new();
    public FakeTransport Transport { get; } = new();
    public FakeHttp Http { get; } = new();
    public Outbox Outbox { get; } = new(16, 256);
    public DeviceSettings Settings { get; } = new();
    public SamplePipeline Pipeline { get; }
    public ConnectionSupervisor Supervisor { get; }
    public SupervisorOptions Options { get; } = new() { BackoffBaseMs = 1000, BackoffCapMs = 8000, HttpFallbackAfterMs = 120_000, HttpRetryMs = 10_000 };

    public SupervisorRig()
    {
        Pipeline = new SamplePipeline("dev-1", Clock, new SequenceCounter(new MemoryStore(), "seq", 100), Outbox, Settings, 2);
        Pipeline.PublishEverySample = true;
        Pipeline.AddChannel("temp", "temperature", "K", new FilterOptions());
        Supervisor = new ConnectionSupervisor("plant-1", "dev-1", Clock, Link, Transport, Http, Outbox,
            new Backoff(new XorShiftRandom(1), Options.BackoffBaseMs, Options.BackoffCapMs),
            new RemoteConfigHandler(Pipeline), Options);
    }

    /// <summary>Ticks in 100 ms steps for the given time.</summary>
    public void Run(long ms) => Run(ms, Supervisor);

    public void Run(long ms, ConnectionSupervisor supervisor)
    {
        for (long t = 0; t < ms; t += 100)
        {
            Clock.Advance(100);
            supervisor.Tick();
        }
    }

    /// <summary>A second supervisor on the same clock, outbox and broker, with another network link.</summary>
    public ConnectionSupervisor WithLink(INetworkLink link) => new("plant-1", "dev-1", Clock, link, Transport, Http, Outbox,
        new Backoff(new XorShiftRandom(1), Options.BackoffBaseMs, Options.BackoffCapMs), new RemoteConfigHandler(Pipeline), Options);

    public void Sample(int n)
    {
        for (var i = 0; i < n; i++)
        {
            Pipeline.Record(0, 300f + (i % 2));
        }
    }

    public List<long> TelemetrySequences() => Transport.Published
        .Where(p => p.Topic.EndsWith("/telemetry"))
        .Select(p => System.Text.Json.JsonDocument.Parse(p.Payload).RootElement.GetProperty("seq").GetInt64())
        .ToList();
}
