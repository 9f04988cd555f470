using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Cloud.Agents.Tests.Scheduling;

/// <summary>
/// The documented policy (docs/agents.md, "Scheduling priority"): orders are slotted as predictions arrive, and a
/// riskier prediction takes the earliest slot held by a lower-priority order that nobody has approved yet; that order
/// moves to its technician's next free slot. An approved order keeps its slot.
/// </summary>
public sealed class SchedulingPriorityPolicyTests
{
    // A Monday, 10:07 UTC: the default day technician works 06:00-18:00.
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 7, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstSlot = new(2026, 11, 23, 10, 30, 0, TimeSpan.Zero);

    // Two incidents, one after the other (the machine's first one resolved): an order each.
    private static FailurePredicted Prediction(string id, string sensor, double risk) =>
        new(AgentHarness.Meta(id, Now), sensor, "vibration", risk, null, null, null, Now.AddDays(2), "test", IncidentId: sensor == "v1" ? 1 : 2);

    [Fact]
    public async Task Handle_P1AfterP2_TakesEarliestSlotAndMovesP2Later()
    {
        await using var harness = await AgentHarness.CreateAsync(new FakeTimeProvider(Now));
        var agent = harness.Get<SchedulingAgent>();
        var orders = harness.Get<IMaintenanceOrderStore>();

        await agent.HandleAsync(Prediction("p-low", "v1", 0.6), CancellationToken.None);
        await agent.HandleAsync(Prediction("p-high", "v2", 0.95), CancellationToken.None);

        var all = await orders.ListAsync(null, null, "dev-1", 10, CancellationToken.None);
        var low = Assert.Single(all, o => o.SensorId == "v1");
        var high = Assert.Single(all, o => o.SensorId == "v2");
        Assert.Equal(("P1", MaintenanceStatus.Scheduled), (high.Priority, high.Status));
        Assert.Equal(("P2", MaintenanceStatus.Scheduled), (low.Priority, low.Status));
        Assert.Equal(FirstSlot, high.Start);
        Assert.Equal(high.Technician, low.Technician);
        Assert.True(low.Start >= high.End, $"low {low.Start:O} overlaps high {high.Start:O}-{high.End:O}");
        Assert.StartsWith($"moved for P1 order {high.Id}; ", low.Note);
    }

    [Fact]
    public async Task Handle_P1AfterApprovedP2_ApprovedOrderKeepsItsSlot()
    {
        await using var harness = await AgentHarness.CreateAsync(new FakeTimeProvider(Now));
        var agent = harness.Get<SchedulingAgent>();
        var orders = harness.Get<IMaintenanceOrderStore>();

        await agent.HandleAsync(Prediction("p-low", "v1", 0.6), CancellationToken.None);
        var low = Assert.Single(await orders.ListAsync(null, null, "dev-1", 10, CancellationToken.None));
        Assert.True(await orders.UpdateStatusAsync(low.Id, MaintenanceStatus.Scheduled, MaintenanceStatus.Approved, CancellationToken.None));
        await agent.HandleAsync(Prediction("p-high", "v2", 0.95), CancellationToken.None);

        var all = await orders.ListAsync(null, null, "dev-1", 10, CancellationToken.None);
        Assert.Equal((FirstSlot, MaintenanceStatus.Approved), (all.Single(o => o.SensorId == "v1").Start, all.Single(o => o.SensorId == "v1").Status));
        Assert.True(all.Single(o => o.SensorId == "v2").Start >= all.Single(o => o.SensorId == "v1").End);
    }

    [Fact]
    public async Task Handle_PredictedFailureInThePast_OrderKeepsNoPastDate()
    {
        await using var harness = await AgentHarness.CreateAsync(new FakeTimeProvider(Now));
        await harness.Get<SchedulingAgent>().HandleAsync(
            new FailurePredicted(AgentHarness.Meta("p-past", Now), "v1", "vibration", 0.9, null, null, null, Now.AddHours(-3), "test"),
            CancellationToken.None);

        var order = Assert.Single(await harness.Get<IMaintenanceOrderStore>().ListAsync(null, null, "dev-1", 10, CancellationToken.None));
        Assert.Null(order.PredictedFailureAt);
        Assert.Equal(MaintenanceStatus.Scheduled, order.Status);
        Assert.Contains("is past or too close", order.Note);
    }

    [Fact]
    public async Task Handle_PredictionBelowMinRisk_NoOrder()
    {
        await using var harness = await AgentHarness.CreateAsync(new FakeTimeProvider(Now));

        await harness.Get<SchedulingAgent>().HandleAsync(Prediction("p-tiny", "v1", 0.3), CancellationToken.None);

        Assert.Empty(await harness.Get<IMaintenanceOrderStore>().ListAsync(null, null, "dev-1", 10, CancellationToken.None));
    }
}
