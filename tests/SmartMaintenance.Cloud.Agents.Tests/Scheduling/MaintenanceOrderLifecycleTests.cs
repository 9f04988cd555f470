using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.Scheduling;

/// <summary>The order store on both engines: what is upcoming (by slot, not by creation) and the state steps.</summary>
public sealed class MaintenanceOrderLifecycleTests
{
    public static TheoryData<string> Engines => new() { "sqlite", "postgres" };

    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 7, 0, TimeSpan.Zero);

    private static MaintenanceOrder Order(string source, DateTimeOffset created, DateTimeOffset? start, MaintenanceStatus status = MaintenanceStatus.Scheduled) =>
        new(0, source, source, "dev-1", "v1", status, "P2", 0.7, start is null ? null : "technician-day", start, start?.AddHours(2),
            null, "test", created);

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Upcoming_OrderCreatedYesterdayForTomorrow_IsListedBySlot(string engine)
    {
        var postgres = engine == "postgres" ? await PostgresServer.CreateDatabaseAsync("agents_orders") : null;
        await using var harness = await AgentHarness.CreateAsync(new FakeTimeProvider(Now), postgres);
        var orders = harness.Get<IMaintenanceOrderStore>();
        await orders.AddAsync(Order("later", Now.AddDays(-1), Now.AddDays(2)), CancellationToken.None);
        await orders.AddAsync(Order("sooner", Now.AddDays(-1), Now.AddDays(1)), CancellationToken.None);
        await orders.AddAsync(Order("finished", Now.AddDays(-2), Now.AddDays(-1)), CancellationToken.None);
        await orders.AddAsync(Order("no-slot", Now.AddDays(-1), null, MaintenanceStatus.Unscheduled), CancellationToken.None);

        var upcoming = await orders.UpcomingAsync(Now, null, 10, CancellationToken.None);

        Assert.Equal(["sooner", "later"], upcoming.Select(o => o.SourceEventId));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task UpdateStatus_StepsThroughApprovedInProgressDone_AndRefusesAStaleStep(string engine)
    {
        var postgres = engine == "postgres" ? await PostgresServer.CreateDatabaseAsync("agents_orders") : null;
        await using var harness = await AgentHarness.CreateAsync(new FakeTimeProvider(Now), postgres);
        var orders = harness.Get<IMaintenanceOrderStore>();
        var (order, _) = await orders.AddAsync(Order("o1", Now, Now.AddHours(1)), CancellationToken.None);

        Assert.True(await orders.UpdateStatusAsync(order.Id, MaintenanceStatus.Scheduled, MaintenanceStatus.Approved, CancellationToken.None));
        Assert.False(await orders.UpdateStatusAsync(order.Id, MaintenanceStatus.Scheduled, MaintenanceStatus.Approved, CancellationToken.None));
        Assert.True(await orders.UpdateStatusAsync(order.Id, MaintenanceStatus.Approved, MaintenanceStatus.InProgress, CancellationToken.None));
        Assert.Single(await orders.UpcomingAsync(Now, "dev-1", 10, CancellationToken.None));
        Assert.True(await orders.UpdateStatusAsync(order.Id, MaintenanceStatus.InProgress, MaintenanceStatus.Done, CancellationToken.None));

        Assert.Equal(MaintenanceStatus.Done, (await orders.GetAsync(order.Id, CancellationToken.None))!.Status);
        Assert.Empty(await orders.UpcomingAsync(Now, null, 10, CancellationToken.None));
    }

    /// <summary>
    /// Completion with a finding (agent migration 8, both engines): only an order in progress can be finished, the
    /// finding is kept with the order as written (trimmed, markup untouched: the page encodes it), the decision log
    /// gets one Complete line whose reason is the finding, and a second completion changes and logs nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Complete_OrderInProgress_KeepsTheFindingAndLogsOneComplete(string engine)
    {
        var postgres = engine == "postgres" ? await PostgresServer.CreateDatabaseAsync("agents_orders") : null;
        await using var harness = await AgentHarness.CreateAsync(new FakeTimeProvider(Now), postgres);
        var orders = harness.Get<IMaintenanceOrderStore>();
        var completion = harness.Get<OrderCompletionService>();
        var (order, _) = await orders.AddAsync(Order("o1", Now, Now.AddHours(1)), CancellationToken.None);
        const string finding = "<b>Bearing</b> worn & replaced;\nseal checked";

        var early = await completion.CompleteAsync(new CompletionRequest(order.Id, "tiago.tecnico", finding), CancellationToken.None);
        Assert.Equal(CompletionOutcome.NotInProgress, early.Outcome);
        Assert.True(await orders.UpdateStatusAsync(order.Id, MaintenanceStatus.Scheduled, MaintenanceStatus.Approved, CancellationToken.None));
        Assert.True(await orders.UpdateStatusAsync(order.Id, MaintenanceStatus.Approved, MaintenanceStatus.InProgress, CancellationToken.None));

        var tooLong = await completion.CompleteAsync(new CompletionRequest(order.Id, "tiago.tecnico",
            new string('x', OrderCompletionService.MaxFindingLength + 1)), CancellationToken.None);
        var control = await completion.CompleteAsync(new CompletionRequest(order.Id, "tiago.tecnico", "ok\u0007"), CancellationToken.None);
        var nobody = await completion.CompleteAsync(new CompletionRequest(order.Id, " ", finding), CancellationToken.None);
        Assert.Equal(CompletionOutcome.Invalid, tooLong.Outcome);
        Assert.Contains("finding", tooLong.Errors.Keys);
        Assert.Equal(CompletionOutcome.Invalid, control.Outcome);
        Assert.Contains("finding", control.Errors.Keys);
        Assert.Equal(CompletionOutcome.Invalid, nobody.Outcome);
        Assert.Contains("operator", nobody.Errors.Keys);
        Assert.Equal(MaintenanceStatus.InProgress, (await orders.GetAsync(order.Id, CancellationToken.None))!.Status);

        var done = await completion.CompleteAsync(new CompletionRequest(order.Id, "tiago.tecnico", "  " + finding + "\n "), CancellationToken.None);
        var again = await completion.CompleteAsync(new CompletionRequest(order.Id, "outra.pessoa", "second"), CancellationToken.None);

        Assert.Equal(CompletionOutcome.Completed, done.Outcome);
        Assert.Equal(CompletionOutcome.NotInProgress, again.Outcome);
        var stored = (await orders.GetAsync(order.Id, CancellationToken.None))!;
        Assert.Equal(MaintenanceStatus.Done, stored.Status);
        Assert.Equal(finding, stored.Finding);
        var log = await harness.Get<IDecisionStore>().QueryAsync(new DecisionFilter(OrderId: order.Id), CancellationToken.None);
        var line = Assert.Single(log);
        Assert.Equal(DecisionKind.Complete, line.Kind);
        Assert.Equal(finding, line.Reason);
        Assert.Equal("tiago.tecnico", line.Operator);
        Assert.Equal(Now, line.DecidedAt);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Complete_WithoutFinding_StoresNullAndLogsAnEmptyReason(string engine)
    {
        var postgres = engine == "postgres" ? await PostgresServer.CreateDatabaseAsync("agents_orders") : null;
        await using var harness = await AgentHarness.CreateAsync(new FakeTimeProvider(Now), postgres);
        var orders = harness.Get<IMaintenanceOrderStore>();
        var (order, _) = await orders.AddAsync(Order("o2", Now, Now.AddHours(1), MaintenanceStatus.InProgress), CancellationToken.None);

        var done = await harness.Get<OrderCompletionService>().CompleteAsync(new CompletionRequest(order.Id, "tiago.tecnico", "   "), CancellationToken.None);

        Assert.Equal(CompletionOutcome.Completed, done.Outcome);
        Assert.Null((await orders.GetAsync(order.Id, CancellationToken.None))!.Finding);
        Assert.Equal("", done.Decision!.Reason);
    }
}
