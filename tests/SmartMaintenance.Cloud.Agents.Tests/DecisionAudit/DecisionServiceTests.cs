using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Cloud.Agents.Tests.DecisionAudit;

public sealed class DecisionServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A harness whose bus records, with one maintenance order made by the scheduling agent (correlation "corr-order").</summary>
    private static async Task<(AgentHarness Harness, RecordingBus Bus, long OrderId)> CreateWithOrderAsync(FakeTimeProvider time)
    {
        var bus = new RecordingBus();
        var harness = await AgentHarness.CreateAsync(time, configure: s => s.AddSingleton<IEventBus>(bus));
        await harness.Get<SchedulingAgent>().HandleAsync(new FailurePredicted(AgentHarness.Meta("p1", Now, "corr-order"), "v1",
            "vibration", 0.9, null, null, null, Now.AddDays(1), "test"), CancellationToken.None);
        return (harness, bus, Assert.Single(bus.Of<MaintenanceScheduled>()).OrderId);
    }

    [Fact]
    public async Task Record_EveryFieldInvalid_ErrorsNamedPerFieldNothingStoredNothingPublished()
    {
        var time = new FakeTimeProvider(Now);
        var (harness, bus, _) = await CreateWithOrderAsync(time);
        await using var _h = harness;

        var (decision, errors) = await harness.Get<DecisionService>().RecordAsync(
            new DecisionRequest(999, (DecisionKind)42, " ", new string('x', 2001)), CancellationToken.None);

        Assert.Null(decision);
        Assert.Equal(["decision", "operator", "order_id", "reason"], errors.Keys.Order());
        Assert.Contains("999", errors["order_id"][0]);
        Assert.Empty(await harness.Get<IDecisionStore>().QueryAsync(new DecisionFilter(), CancellationToken.None));
        Assert.Empty(bus.Of<DecisionRecorded>());
    }

    [Fact]
    public async Task Record_ValidDecision_StoredAtClockTimeAndDecisionRecordedWithTheOrdersCorrelation()
    {
        var time = new FakeTimeProvider(Now);
        var (harness, bus, orderId) = await CreateWithOrderAsync(time);
        await using var _ = harness;
        time.Advance(TimeSpan.FromMinutes(5));

        var (decision, errors) = await harness.Get<DecisionService>().RecordAsync(
            new DecisionRequest(orderId, DecisionKind.Approve, "  maria ", " bearing noise confirmed "), CancellationToken.None);

        Assert.Empty(errors);
        Assert.NotNull(decision);
        Assert.Equal(("maria", "bearing noise confirmed", "corr-order", Now.AddMinutes(5)),
            (decision.Operator, decision.Reason, decision.CorrelationId, decision.DecidedAt));
        var recorded = Assert.Single(bus.Of<DecisionRecorded>());
        Assert.Equal((decision.Id, orderId, DecisionKind.Approve, "corr-order", "dev-1"),
            (recorded.DecisionId, recorded.OrderId, recorded.Decision, recorded.CorrelationId, recorded.DeviceId));
        Assert.Equal($"decision:{decision.Id}", recorded.EventId);
    }

    [Fact]
    public async Task Record_SecondDecisionOnTheSameOrder_AppendedAndTheFirstKeptUnchanged()
    {
        var time = new FakeTimeProvider(Now);
        var (harness, bus, orderId) = await CreateWithOrderAsync(time);
        await using var _ = harness;
        var service = harness.Get<DecisionService>();

        var (first, _) = await service.RecordAsync(new DecisionRequest(orderId, DecisionKind.Defer, "maria", "parts on order"), CancellationToken.None);
        time.Advance(TimeSpan.FromHours(2));
        var (second, _) = await service.RecordAsync(new DecisionRequest(orderId, DecisionKind.Approve, "jon", "parts arrived"), CancellationToken.None);

        var log = await harness.Get<IDecisionStore>().QueryAsync(new DecisionFilter(OrderId: orderId), CancellationToken.None);
        Assert.Equal([first!, second!], log.OrderBy(d => d.Id));
        Assert.Equal(2, bus.Of<DecisionRecorded>().Count);
    }
}
