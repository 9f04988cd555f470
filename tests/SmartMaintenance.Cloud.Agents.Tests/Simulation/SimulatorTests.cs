using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Acquisition;
using SmartMaintenance.Cloud.Agents.DriftDetection;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Simulation;

namespace SmartMaintenance.Cloud.Agents.Tests.Simulation;

public sealed class SimulatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static (Simulator Simulator, CapturingWriter Writer) Create(int reference = 200, int recent = 200)
    {
        var writer = new CapturingWriter();
        var options = Options.Create(new DriftOptions { ReferenceSize = reference, RecentSize = recent });
        return (new Simulator(writer, new AcquisitionSignal(), new FakeTimeProvider(Now), options, new OpenDemoSite()), writer);
    }

    [Fact]
    public async Task RunDrift_Defaults_ReferenceStretchThenDriftLongEnoughForTheDriftAgent()
    {
        var (simulator, writer) = Create();

        var result = await simulator.RunAsync(SimulationKind.Drift, new SimulationRequest(), CancellationToken.None);

        Assert.Equal((400, 200), (result.Count, result.DriftFrom));
        var values = writer.Readings.Select(r => r.Value).ToList();
        Assert.InRange(values.Take(200).Average(), 59.9, 60.1);          // the reference stretch: the baseline
        Assert.InRange(values.TakeLast(20).Average(), 61.5, 62.3);       // 4 noise units (0.5 °C) above at the end
        Assert.Equal(Now, writer.Readings[^1].Timestamp);
    }

    [Fact]
    public async Task RunDrift_DefaultsFedToTheDriftAgent_DriftDetected()
    {
        var (simulator, writer) = Create();
        var bus = new RecordingBus();
        var agent = new DriftDetectionAgent(bus, new NoRetrain(), new FakeTimeProvider(Now), Options.Create(new DriftOptions()));

        await simulator.RunAsync(SimulationKind.Drift, new SimulationRequest(), CancellationToken.None);
        foreach (var (g, i) in writer.Readings.Select((g, i) => (g, i)))
        {
            var reading = new SensorReading(i + 1, g.DeviceId, g.SensorId, g.SensorType, g.Unit, "reading", g.Value, g.Timestamp, g.CorrelationId);
            await agent.HandleAsync(new ReadingValidated(new EventMeta($"r{i + 1}", g.DeviceId, g.CorrelationId, Now), reading), CancellationToken.None);
        }

        var drift = Assert.Single(bus.Of<DriftDetected>());
        Assert.Equal("r400/drift", drift.EventId); // tested as soon as the recent window was full
        Assert.Equal((200, 200), (drift.ReferenceCount, drift.RecentCount));
    }

    [Theory]
    [InlineData(399, true)]
    [InlineData(400, false)]
    public void Validate_DriftCount_RefusedBelowReferencePlusRecent(int count, bool refused)
    {
        var (simulator, _) = Create();

        var errors = simulator.Validate(SimulationKind.Drift, new SimulationRequest(Count: count));

        Assert.Equal(refused, errors.ContainsKey("count"));
        Assert.Empty(simulator.Validate(SimulationKind.Normal, new SimulationRequest(Count: count)));
    }

    private sealed class CapturingWriter : IReadingWriter
    {
        public List<GeneratedReading> Readings { get; } = [];

        public Task<IReadOnlyList<long>> AppendAsync(IReadOnlyList<GeneratedReading> readings, CancellationToken cancellationToken)
        {
            Readings.AddRange(readings);
            return Task.FromResult<IReadOnlyList<long>>([.. readings.Select((_, i) => (long)Readings.Count - readings.Count + i + 1)]);
        }
    }

    private sealed class NoRetrain : IRetrainRequester
    {
        public Task<bool> RequestAsync(string deviceId, string sensorId, string reason, CancellationToken cancellationToken) =>
            Task.FromResult(false);
    }

    /// <summary>A demo site that accepts every device (the registry's check has its own test in the cloud host's tests).</summary>
    private sealed class OpenDemoSite : SmartMaintenance.Cloud.Agents.Demo.IDemoSite
    {
        public Task<bool> EnsureDeviceAsync(string deviceId, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<IReadOnlySet<string>> DeviceIdsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlySet<string>>(new HashSet<string>());
    }
}
