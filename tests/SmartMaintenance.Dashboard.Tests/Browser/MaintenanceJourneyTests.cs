using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// What is scheduled shows on the Overview (an order created yesterday for a slot still ahead: the card used to
/// filter on the creation time and was always empty), and a person takes an order through its states:
/// approve on the Decision Log, start and finish on the Maintenance page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MaintenanceJourneyTests(BrowserFixture fixture)
{
    private async Task<MaintenanceOrder> AddOrderAsync(string device, DateTimeOffset created, DateTimeOffset start)
    {
        var orders = fixture.App.Services.GetRequiredService<IMaintenanceOrderStore>();
        var source = "dashboard-test:" + Guid.NewGuid().ToString("N");
        var (order, _) = await orders.AddAsync(new MaintenanceOrder(0, source, source, device, device + "-vib",
            MaintenanceStatus.Scheduled, "P1", 0.93, "technician-day", start, start.AddHours(2), start.AddDays(1),
            "before predicted failure " + start.AddDays(1).ToString("O"), created), CancellationToken.None);
        return order;
    }

    [Fact]
    public async Task Overview_OrderCreatedYesterdayWithSlotAhead_IsListedUnderUpcomingMaintenance()
    {
        var now = DateTimeOffset.UtcNow;
        var order = await AddOrderAsync("upcoming-" + Guid.NewGuid().ToString("N")[..6], now.AddDays(-1), now.AddMinutes(-10));

        var page = await fixture.NewPageAsync(DashboardApp.Viewer);
        await page.GotoAsync("/ui");

        var item = page.Locator($"#upcoming-orders li[data-upcoming-order='{order.Id}']");
        await Assertions.Expect(item).ToBeVisibleAsync();
        await Assertions.Expect(item).ToContainTextAsync(order.DeviceId);
        await Assertions.Expect(item).ToContainTextAsync("P1");
        await Assertions.Expect(item).ToContainTextAsync("UTC");
        await Assertions.Expect(page.Locator("#overview-maintenance")).Not.ToContainTextAsync("nothing scheduled");
        await BrowserFixture.ScreenshotAsync(page, "overview-en");
    }

    [Fact]
    public async Task Order_ApprovedStartedAndFinished_PageShowsEachState()
    {
        var now = DateTimeOffset.UtcNow;
        var order = await AddOrderAsync("lifecycle-" + Guid.NewGuid().ToString("N")[..6], now, now.AddHours(3));
        var row = (IPage p) => p.Locator($"#orders-table tr[data-order-id='{order.Id}']");

        var page = await fixture.NewPageAsync(DashboardApp.Operator);
        await page.GotoAsync("/ui/Maintenance");
        await Assertions.Expect(row(page).Locator("[data-state]")).ToHaveTextAsync("scheduled");
        await Assertions.Expect(page.Locator($"#orders-timeline [data-slot-order='{order.Id}']")).ToBeVisibleAsync();

        await row(page).Locator("[data-action=approve]").ClickAsync();
        await Assertions.Expect(page.Locator("#OrderId")).ToHaveValueAsync(order.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("#Decision", "Approve");
        await page.FillAsync("#Reason", "vibration confirmed on the walk-round");
        await page.ClickAsync("#decision-submit");
        await Assertions.Expect(page.Locator("#decision-recorded")).ToBeVisibleAsync();

        await page.GotoAsync("/ui/Maintenance");
        await Assertions.Expect(row(page).Locator("[data-state]")).ToHaveTextAsync("approved");
        await row(page).Locator("[data-action=start]").ClickAsync();
        await Assertions.Expect(page.Locator("#order-stepped")).ToHaveAttributeAsync("data-order-id", order.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(row(page).Locator("[data-state]")).ToHaveTextAsync("in progress");
        await row(page).Locator("[data-action=done]").ClickAsync();
        await Assertions.Expect(row(page).Locator("[data-state]")).ToHaveTextAsync("done");
        await Assertions.Expect(row(page).Locator("[data-action]")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "maintenance-en");

        var stored = await fixture.App.Services.GetRequiredService<IMaintenanceOrderStore>().GetAsync(order.Id, CancellationToken.None);
        Assert.Equal(MaintenanceStatus.Done, stored!.Status);
    }
}
