using Microsoft.Extensions.Time.Testing;
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
}
