using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Cloud.Agents.Tests.Scheduling;

/// <summary>One maintenance order per machine incident, never per reading or sensor (issue 12 item 4).</summary>
public sealed class SchedulingPerIncidentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static FailurePredicted Prediction(string id, string sensor, double risk, long? incident) =>
        new(AgentHarness.Meta(id, Now), sensor, "vibration", risk, null, null, null, Now.AddDays(2), "test", incident);

    [Fact]
    public async Task Handle_IncidentOpenedThenEscalated_OneOrderForTheIncident()
    {
        await using var harness = await AgentHarness.CreateAsync(new FakeTimeProvider(Now));
        var agent = harness.Get<SchedulingAgent>();

        await agent.HandleAsync(Prediction("p-open", "v1", 0.6, incident: 7), CancellationToken.None);
        await agent.HandleAsync(Prediction("p-escalated", "v2", 0.95, incident: 7), CancellationToken.None);
        await agent.HandleAsync(Prediction("p-open", "v1", 0.6, incident: 7), CancellationToken.None); // a replay

        var order = Assert.Single(await harness.Get<IMaintenanceOrderStore>().ListAsync(null, null, "dev-1", 10, CancellationToken.None));
        Assert.Equal((7L, "v1"), (order.IncidentId!.Value, order.SensorId));
    }

    [Fact]
    public async Task Handle_PeriodicForecastsOnTwoSensorsOfOneMachine_OneOrderForTheMachine()
    {
        await using var harness = await AgentHarness.CreateAsync(new FakeTimeProvider(Now));
        var agent = harness.Get<SchedulingAgent>();

        await agent.HandleAsync(Prediction("p-a", "v1", 0.9, incident: null), CancellationToken.None);
        await agent.HandleAsync(Prediction("p-b", "v2", 0.9, incident: null), CancellationToken.None);

        var order = Assert.Single(await harness.Get<IMaintenanceOrderStore>().ListAsync(null, null, "dev-1", 10, CancellationToken.None));
        Assert.Null(order.IncidentId);
    }
}
