using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Cloud.Agents.Learning;
using SmartMaintenance.VirtualDevice.Machine;
using Xunit.Abstractions;

namespace SmartMaintenance.Cloud.Agents.Tests.AnomalyDetection;

/// <summary>
/// The demo fleet's first hour, as the anomaly agent sees it: five machines of the virtual fleet's own model
/// (AI4I-like physics, seeds 1-5 as ./run.sh starts them, quality M, no fault injected), each sampled once a second
/// on its seven sensors, readings one at a time as the bus delivers them, with the agent's default options.
/// Issue 12: the healthy fleet opens at most a handful of incidents in its first hour (before: ~20 alerts a minute).
/// </summary>
public sealed class HealthyFleetIncidentTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Handle_FiveHealthyVirtualMachinesForAnHour_AtMostAHandfulOfIncidents()
    {
        var time = new FakeTimeProvider(Start);
        await using var harness = await AgentHarness.CreateAsync(time);
        var bus = new RecordingBus();
        var agent = new AnomalyDetectionAgent(bus, harness.Get<IIncidentStore>(), harness.Get<IAnomalyStore>(), harness.Get<IKnowledgeBase>(),
            new NoMachineHistory(), time, Options.Create(new AnomalyOptions()), NullLogger<AnomalyDetectionAgent>.Instance);
        var machines = Enumerable.Range(1, 5).Select(seed => new MachineModel(seed, ProductQuality.M)).ToArray();
        long id = 0;

        for (var second = 0; second < 3600; second++)
        {
            var at = Start.AddSeconds(second);
            for (var m = 0; m < machines.Length; m++)
            {
                var machine = machines[m];
                machine.Step();
                var device = $"vd-{m + 1:D3}";
                for (var s = 0; s < MachineSensors.Count; s++)
                {
                    id++;
                    var reading = new SensorReading(id, device, $"{device}-{MachineSensors.Ids[s]}", MachineSensors.Types[s], MachineSensors.Units[s],
                        "r", Math.Round(machine.Read(s), 2), at);
                    await agent.HandleAsync(new ReadingValidated(new EventMeta($"r{id}", device, $"c{id}", at), reading), CancellationToken.None);
                }
            }
        }

        var incidents = (await harness.Get<IIncidentStore>().ListAsync(new IncidentFilter(Limit: 200), CancellationToken.None)).Items;
        var summary = string.Join("; ", incidents.Select(i =>
            $"{i.MachineId} {i.Severity} p={i.PValue:G2} top {i.Top?.SensorId} {i.FirstAbnormalAt:HH:mm:ss}-{i.LastAbnormalAt:HH:mm:ss} ({i.ReadingsInAlert} readings)"));
        output.WriteLine($"{incidents.Count} incidents on 5 healthy machines in 3,600 s: {summary}");
        Assert.True(incidents.Count <= 5, $"{incidents.Count} incidents on a healthy fleet in an hour: {summary}");
        Assert.Equal(incidents.Count, bus.Of<AnomalyDetected>().Select(a => a.IncidentId).Distinct().Count());
    }
}
