using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Cloud.Agents.Tests.Scheduling;

/// <summary>
/// The documented policy (docs/agents.md, "Scheduling priority"): orders are slotted as predictions arrive; risk sets
/// the priority label and the MinRisk gate, but a later, riskier prediction never takes the slot of an existing order.
/// </summary>
public sealed class SchedulingPriorityPolicyTests
{
    // A Monday, 10:07 UTC: the default day technician works 06:00-18:00.
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 7, 0, TimeSpan.Zero);

    // Two incidents, one after the other (the machine's first one resolved): an order each.
    private static FailurePredicted Prediction(string id, string sensor, double risk) =>
        new(AgentHarness.Meta(id, Now), sensor, "vibration", risk, null, null, null, Now.AddDays(2), "test", IncidentId: sensor == "v1" ? 1 : 2);

    [Fact]
    public async Task Handle_RiskierPredictionAfterLowerRiskOrder_KeepsExistingSlotAndTakesNextFreeOne()
    {
        await using var harness = await AgentHarness.CreateAsync(new FakeTimeProvider(Now));
        var agent = harness.Get<SchedulingAgent>();
        var orders = harness.Get<IMaintenanceOrderStore>();

        await agent.HandleAsync(Prediction("p-low", "v1", 0.6), CancellationToken.None);
        await agent.HandleAsync(Prediction("p-high", "v2", 0.95), CancellationToken.None);

        var all = await orders.ListAsync(null, null, "dev-1", 10, CancellationToken.None);
        var low = Assert.Single(all, o => o.SensorId == "v1");
        var high = Assert.Single(all, o => o.SensorId == "v2");
        Assert.Equal(("P2", MaintenanceStatus.Scheduled), (low.Priority, low.Status));
        Assert.Equal(("P1", MaintenanceStatus.Scheduled), (high.Priority, high.Status));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 30, 0, TimeSpan.Zero), low.Start);
        Assert.Equal(low.Technician, high.Technician);
        Assert.True(high.Start >= low.End, $"high {high.Start:O} overlaps low {low.Start:O}-{low.End:O}");
    }

    [Fact]
    public async Task Handle_PredictionBelowMinRisk_NoOrder()
    {
        await using var harness = await AgentHarness.CreateAsync(new FakeTimeProvider(Now));

        await harness.Get<SchedulingAgent>().HandleAsync(Prediction("p-tiny", "v1", 0.3), CancellationToken.None);

        Assert.Empty(await harness.Get<IMaintenanceOrderStore>().ListAsync(null, null, "dev-1", 10, CancellationToken.None));
    }
}
