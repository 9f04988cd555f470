using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>Journey 4: a decision is recorded on the page, listed, filtered and exported to CSV.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DecisionLogJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Decision_Recorded_IsListedFilteredAndExported()
    {
        // A maintenance order in the scheduling agent's real store (as the scheduler writes it), awaiting a decision.
        var orders = fixture.App.Services.GetRequiredService<IMaintenanceOrderStore>();
        var now = DateTimeOffset.UtcNow;
        var source = "dashboard-test:" + Guid.NewGuid().ToString("N");
        var (order, _) = await orders.AddAsync(new MaintenanceOrder(0, source, source, "press-7", "press-7-temp",
            MaintenanceStatus.Scheduled, "high", 0.82, "tech_002", now.AddHours(2), now.AddHours(4), now.AddDays(1),
            "bearing temperature trend", now), CancellationToken.None);
        var orderId = order.Id;
        var reason = "Bearing noise confirmed on site " + Guid.NewGuid().ToString("N")[..6];

        var page = await fixture.NewPageAsync(DashboardApp.Operator);
        await page.GotoAsync("/ui/Decisions");
        await page.SelectOptionAsync("#OrderId", orderId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("#Decision", "Approve");
        await page.FillAsync("#Reason", reason);
        await page.ClickAsync("#decision-submit");

        await Assertions.Expect(page.Locator("#decision-recorded")).ToBeVisibleAsync();
        var row = page.Locator("#decisions-table tbody tr", new() { HasText = reason });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync(DashboardApp.Operator.User);
        await BrowserFixture.ScreenshotAsync(page, "Decisions-recorded-en");

        await page.FillAsync("#FilterOperator", DashboardApp.Operator.User);
        await page.SelectOptionAsync("#FilterKind", "Reject");
        await page.ClickAsync("#decision-filter-apply");
        await Assertions.Expect(page.Locator("#decisions-table tbody tr", new() { HasText = reason })).ToHaveCountAsync(0);

        await page.SelectOptionAsync("#FilterKind", "Approve");
        await page.ClickAsync("#decision-filter-apply");
        await Assertions.Expect(page.Locator("#decisions-table tbody tr", new() { HasText = reason })).ToHaveCountAsync(1);

        var href = await page.Locator("#decision-csv").GetAttributeAsync("href");
        Assert.Contains("FilterKind=Approve", href);
        var csv = await (await page.APIRequest.GetAsync(href!)).TextAsync();
        Assert.StartsWith("id,order_id,decision,operator,reason", csv);
        Assert.Contains($",{orderId},approve,{DashboardApp.Operator.User},{reason},", csv);
    }
}
