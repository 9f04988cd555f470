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

        // "Mark done" asks what was found. A finding over the limit (the field's maxlength bypassed, as a script
        // could) is refused next to the field with the text kept, and the order stays in progress.
        await row(page).Locator("[data-action=done]").ClickAsync();
        var form = page.Locator("#complete-form");
        await Assertions.Expect(form).ToHaveAttributeAsync("data-order-id", order.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#Finding")).ToHaveAttributeAsync("maxlength", "2000");
        await page.Locator("#Finding").EvaluateAsync("e => e.removeAttribute('maxlength')");
        await page.FillAsync("#Finding", new string('x', 2001));
        await page.ClickAsync("#complete-submit");
        await Assertions.Expect(page.Locator("#finding-error")).ToHaveTextAsync("The finding is too long: at most 2,000 characters.");
        await Assertions.Expect(page.Locator("#Finding")).ToHaveValueAsync(new string('x', 2001));
        await Assertions.Expect(row(page).Locator("[data-state]")).ToHaveTextAsync("in progress");

        // Markup in a finding is text: shown as typed, line break kept, never an element.
        const string finding = "<b>Bearing</b> worn & replaced\nshaft re-aligned <script>window.__injected = 1</script>";
        await page.FillAsync("#Finding", finding);
        await page.ClickAsync("#complete-submit");
        await Assertions.Expect(row(page).Locator("[data-state]")).ToHaveTextAsync("done");
        await Assertions.Expect(row(page).Locator("[data-action]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#complete-form")).ToHaveCountAsync(0);
        Assert.Equal(finding, await row(page).Locator("[data-finding-text]").TextContentAsync());
        await Assertions.Expect(row(page).Locator("[data-finding] b, [data-finding] script")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__injected === undefined"), "the finding's script ran");
        await BrowserFixture.ScreenshotAsync(page, "maintenance-en");

        var stored = await fixture.App.Services.GetRequiredService<IMaintenanceOrderStore>().GetAsync(order.Id, CancellationToken.None);
        Assert.Equal(MaintenanceStatus.Done, stored!.Status);
        Assert.Equal(finding, stored.Finding);

        // The order's history in the Decision Log: approved, then completed with the finding as written, by this user.
        await page.GotoAsync($"/ui/Decisions?FilterOrder={order.Id}");
        var lines = page.Locator("#decisions-table tbody tr");
        await Assertions.Expect(lines).ToHaveCountAsync(2);
        await Assertions.Expect(lines.Nth(0).Locator("[data-outcome]")).ToHaveAttributeAsync("data-outcome", "Complete");
        await Assertions.Expect(lines.Nth(0).Locator("[data-outcome]")).ToHaveTextAsync("Completed");
        await Assertions.Expect(lines.Nth(0).Locator("[data-operator]")).ToHaveTextAsync(DashboardApp.Operator.User);
        Assert.Equal(finding, await lines.Nth(0).Locator("[data-reason]").TextContentAsync());
        await Assertions.Expect(lines.Nth(1).Locator("[data-outcome]")).ToHaveAttributeAsync("data-outcome", "Approve");
    }

    [Fact]
    public async Task CompletionForm_Portuguese_LabelsFromTheResources_FindingShownOnTheOrder()
    {
        var now = DateTimeOffset.UtcNow;
        var order = await AddOrderAsync("concluir-" + Guid.NewGuid().ToString("N")[..6], now, now.AddHours(4));
        var orders = fixture.App.Services.GetRequiredService<IMaintenanceOrderStore>();
        Assert.True(await orders.UpdateStatusAsync(order.Id, MaintenanceStatus.Scheduled, MaintenanceStatus.Approved, CancellationToken.None));
        Assert.True(await orders.UpdateStatusAsync(order.Id, MaintenanceStatus.Approved, MaintenanceStatus.InProgress, CancellationToken.None));
        var pt = SmartMaintenance.Dashboard.Tests.Resources.ResourceFiles.Portuguese;

        var page = await fixture.NewPageAsync(DashboardApp.Operator, "pt-BR");
        await page.GotoAsync("/ui/Maintenance");
        var row = page.Locator($"#orders-table tr[data-order-id='{order.Id}']");
        await row.Locator("[data-action=done]").ClickAsync();
        await Assertions.Expect(page.Locator("label[for=Finding]")).ToHaveTextAsync(pt["Maintenance.Finding"]);
        await Assertions.Expect(page.Locator("#complete-submit")).ToHaveTextAsync(pt["Maintenance.Complete.Submit"]);
        await page.FillAsync("#Finding", "Rolamento trocado; folga do eixo dentro da tolerância");
        await page.ClickAsync("#complete-submit");

        await Assertions.Expect(row.Locator("[data-state]")).ToHaveTextAsync(pt["Maintenance.Status.Done"]);
        await Assertions.Expect(row.Locator("[data-finding]")).ToHaveTextAsync(pt["Maintenance.Finding.Label"] + " Rolamento trocado; folga do eixo dentro da tolerância");
    }
}
