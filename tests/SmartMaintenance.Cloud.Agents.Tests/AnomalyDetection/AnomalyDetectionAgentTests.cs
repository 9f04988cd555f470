using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Cloud.Agents.Learning;

namespace SmartMaintenance.Cloud.Agents.Tests.AnomalyDetection;

/// <summary>
/// The anomaly agent over the real SQLite stores with the real machine detector and incident rule: readings of a
/// three-sensor machine, one sensor at a time as the bus delivers them, become one incident per fault.
/// </summary>
public sealed class AnomalyDetectionAgentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A machine of three sensors in different units and scales, one of them stepped (pressure in 0.5 bar steps).</summary>
    private sealed class Machine(AnomalyDetectionAgent agent, string device = "press-1", int seed = 7)
    {
        private readonly Random _random = new(seed);
        private int _row;
        private long _id;

        public double TemperatureOffset { get; set; }

        public async Task RunAsync(int rows)
        {
            for (var i = 0; i < rows; i++)
            {
                _row++;
                var at = Now.AddSeconds(_row);
                await SendAsync("temp", "temperature", "K", 310 + TemperatureOffset + Gaussian() * 0.5, at);
                await SendAsync("speed", "rotational_speed", "rpm", 1500 + Gaussian() * 20, at);
                await SendAsync("pressure", "pressure", "bar", Math.Round((6 + Gaussian() * 0.3) * 2) / 2, at);
            }
        }

        public async Task SendAsync(string sensor, string type, string unit, double value, DateTimeOffset at)
        {
            _id++;
            var reading = new SensorReading(_id, device, sensor, type, unit, "reading", value, at);
            await agent.HandleAsync(new ReadingValidated(new EventMeta($"{device}/r{_id}", device, $"corr-{_id}", at), reading),
                CancellationToken.None);
        }

        private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
    }

    private static async Task<(AnomalyDetectionAgent Agent, RecordingBus Bus, AgentHarness Harness)> CreateAsync(AnomalyOptions? options = null)
    {
        var time = new FakeTimeProvider(Now);
        var harness = await AgentHarness.CreateAsync(time);
        var bus = new RecordingBus();
        var agent = new AnomalyDetectionAgent(bus, harness.Get<IIncidentStore>(), harness.Get<IAnomalyStore>(), harness.Get<IKnowledgeBase>(),
            new NoMachineHistory(), time, Options.Create(options ?? new AnomalyOptions()), NullLogger<AnomalyDetectionAgent>.Instance);
        return (agent, bus, harness);
    }

    private static async Task<IReadOnlyList<MachineIncident>> IncidentsAsync(AgentHarness harness) =>
        (await harness.Get<IIncidentStore>().ListAsync(new IncidentFilter(Limit: 200), CancellationToken.None)).Items;

    [Fact]
    public async Task Handle_PersistentFaultOnOneSensor_OneIncidentOneEventTopSensorWithUnit()
    {
        var (agent, bus, harness) = await CreateAsync();
        await using var _ = harness;
        var machine = new Machine(agent);
        await machine.RunAsync(600);

        machine.TemperatureOffset = 15; // 30 standard deviations, for two minutes
        await machine.RunAsync(120);

        var incident = Assert.Single(await IncidentsAsync(harness));
        var anomaly = Assert.Single(bus.Of<AnomalyDetected>(), a => a.Severity == incident.Severity);
        Assert.Equal(incident.Id, anomaly.IncidentId);
        Assert.True(bus.Of<AnomalyDetected>().Count <= 4, "one event per opening and escalation, not per reading");
        Assert.Equal("press-1", incident.MachineId);
        Assert.Equal(IncidentState.Open, incident.State);
        Assert.Equal("temp", incident.Top!.SensorId);
        Assert.Equal("K", incident.Top.Unit);
        Assert.Equal("temp", anomaly.Reading.SensorId);
        Assert.InRange(incident.FirstAbnormalAt, Now.AddSeconds(600), Now.AddSeconds(720));
        Assert.True(incident.ReadingsInAlert >= 3, $"readings in alert {incident.ReadingsInAlert}");
        Assert.True(incident.PValue < 0.01, $"p {incident.PValue}");
    }

    [Fact]
    public async Task Handle_HealthyMachineWithASteppedSensor_NoIncident()
    {
        var (agent, bus, harness) = await CreateAsync();
        await using var _ = harness;

        await new Machine(agent).RunAsync(1500);

        Assert.Empty(await IncidentsAsync(harness));
        Assert.Empty(bus.Of<AnomalyDetected>());
    }

    [Fact]
    public async Task Handle_ToolWearResetAtAToolChange_NoIncident()
    {
        var (agent, bus, harness) = await CreateAsync();
        await using var _ = harness;
        var machine = new Machine(agent);
        // Tool wear climbs 2 min per row to 240, then the tool is changed: back to 0. A counter: not judged.
        for (var i = 1; i <= 800; i++)
        {
            await machine.SendAsync("tool-wear", "tool_wear", "min", i * 2 % 242, Now.AddSeconds(i));
        }

        Assert.Empty(await IncidentsAsync(harness));
        Assert.Empty(bus.Of<AnomalyDetected>());
    }

    [Fact]
    public async Task Resolve_MaintenanceDoneAtANewOperatingPoint_MachineRebaselinedNoNewIncident()
    {
        var (agent, _, harness) = await CreateAsync();
        await using var __ = harness;
        var machine = new Machine(agent);
        await machine.RunAsync(600);
        machine.TemperatureOffset = 15;
        await machine.RunAsync(120);
        var first = Assert.Single(await IncidentsAsync(harness));

        // After the repair the machine runs 15 K warmer for good: a new normal, learned again.
        var service = new IncidentService(harness.Get<IIncidentStore>(), new RecordingBus(), agent, TimeProvider.System);
        var (result, errors) = await service.ResolveAsync(first.Id, "maria", "maintenance-done", "replaced the cooling fan", CancellationToken.None);
        Assert.Empty(errors);
        Assert.Equal(TransitionOutcome.Done, result!.Outcome);
        await machine.RunAsync(1500);

        Assert.Equal([first.Id], (await IncidentsAsync(harness)).Select(i => i.Id));
    }

    [Fact]
    public async Task Resolve_NoFaultWhileTheMachineStaysAbnormal_NewIncidentOpens()
    {
        var (agent, _, harness) = await CreateAsync();
        await using var __ = harness;
        var machine = new Machine(agent);
        await machine.RunAsync(600);
        machine.TemperatureOffset = 15;
        await machine.RunAsync(120);
        var first = Assert.Single(await IncidentsAsync(harness));

        // Without maintenance the baseline stays: the machine is still 15 K off, and that is a new incident.
        var service = new IncidentService(harness.Get<IIncidentStore>(), new RecordingBus(), agent, TimeProvider.System);
        await service.ResolveAsync(first.Id, "maria", "no-fault", null, CancellationToken.None);
        await machine.RunAsync(300);

        var incidents = await IncidentsAsync(harness);
        Assert.Equal(2, incidents.Count);
        Assert.Equal(IncidentState.Open, incidents[0].State);
        Assert.Equal(IncidentState.Resolved, incidents[1].State);
    }

    [Fact]
    public async Task Handle_DemoRunOnTheSameDevice_OwnMachineRealMachineUndisturbed()
    {
        var options = new AnomalyOptions();
        var (agent, _, harness) = await CreateAsync(options);
        await using var __ = harness;

        Assert.Equal("press-1", agent.MachineOf(new SensorReading(1, "press-1", "t", "t", "K", "reading", 1, Now, "corr-x")));
        Assert.Equal("press-1/golden-path:run-1", agent.MachineOf(new SensorReading(1, "press-1", "t", "t", "K", "reading", 1, Now, "golden-path:run-1")));
    }

    [Fact]
    public void Signature_SameScoresWithAndWithoutFacts_SameVector()
    {
        // Anomaly rows stored before machine incidents keep finding the same similar cases.
        DetectorEvidence[] old = [new("robust-z", 0.9, 0.5, "statistic=9"), new("ewma", 0.7, 0.5, "statistic=5")];
        DetectorEvidence[] withFacts =
        [
            old[0] with { Facts = new Dictionary<string, double> { ["z"] = 9, ["median"] = 5 } },
            old[1] with { Facts = new Dictionary<string, double> { ["z"] = 5, ["ewma"] = 5 }, WarmingUp = true },
        ];

        Assert.Equal(AnomalyDetectionAgent.Signature(old), AnomalyDetectionAgent.Signature(withFacts));
    }
}
