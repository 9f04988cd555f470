using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Dashboard.Display;
using SmartMaintenance.Dashboard.Tests.Localization;
using SmartMaintenance.Dashboard.Tests.Resources;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// Journey 4: a decision is recorded on the page, listed, filtered and exported to CSV; a decision on a request sent
/// through the API is listed beside them, as an outcome with who, when and why, in English and Portuguese.
/// </summary>
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

    [Fact]
    public async Task RequestDecision_SubmittedThroughTheApi_ListedAsAnOutcomeWithWhoWhenWhy_InBothLanguages()
    {
        // A planning system's decision on a request that is not a maintenance order (POST /api/v1/decisions/submit).
        var requestId = "REQ_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var justification = "Spare pump already on site " + Guid.NewGuid().ToString("N")[..6];
        using var http = new HttpClient { BaseAddress = new Uri(fixture.App.Url) };
        http.DefaultRequestHeaders.Add("x-api-key", DashboardApp.ApiKey);
        using var response = await http.PostAsJsonAsync("/api/v1/decisions/submit",
            new Dictionary<string, string> { ["request_id"] = requestId, ["decision"] = "approve", ["operator"] = "joana.planner", ["justification"] = justification });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var decidedAt = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("decided_at").GetDateTimeOffset();
        var clock = fixture.App.Services.GetRequiredService<PlantTime>();

        var page = await fixture.NewPageAsync(DashboardApp.Viewer);
        await page.GotoAsync("/ui/Decisions");
        var row = page.Locator($"#decisions-table tbody tr[data-request-id='{requestId}']");
        await Assertions.Expect(row.Locator("[data-subject]")).ToHaveTextAsync(string.Format(CultureInfo.InvariantCulture, ResourceFiles.English["Decisions.RequestRef"], requestId));
        await Assertions.Expect(row.Locator("[data-outcome]")).ToHaveTextAsync(ResourceFiles.English["Decisions.Outcome.Approve"]);
        await Assertions.Expect(row.Locator("[data-operator]")).ToHaveTextAsync("joana.planner");
        await Assertions.Expect(row.Locator("[data-reason]")).ToHaveTextAsync(justification);
        await Assertions.Expect(row.Locator("[data-decided]")).ToHaveTextAsync(CultureScope.In("en", _ => clock.Format(decidedAt, "G")));
        await BrowserFixture.ScreenshotAsync(page, "decisions-request-en");

        // Filters: a request's own, none by order, the decision applies to both logs; the CSV has it with its request id.
        await page.FillAsync("#FilterRequest", requestId);
        await page.ClickAsync("#decision-filter-apply");
        await Assertions.Expect(page.Locator("#decisions-table tbody tr")).ToHaveCountAsync(1);
        var csv = await (await page.APIRequest.GetAsync((await page.Locator("#decision-csv").GetAttributeAsync("href"))!)).TextAsync();
        Assert.StartsWith("id,order_id,decision,operator,reason,correlation_id,decided_at,incident_id,request_id\r\n", csv);
        Assert.Contains($",,approve,joana.planner,{justification},request:{requestId},", csv);
        Assert.EndsWith($",{requestId}\r\n", csv);
        await page.SelectOptionAsync("#FilterKind", "Reject");
        await page.ClickAsync("#decision-filter-apply");
        await Assertions.Expect(page.Locator("#decisions-empty")).ToBeVisibleAsync();
        await page.GotoAsync("/ui/Decisions?FilterOrder=1");
        await Assertions.Expect(page.Locator($"tr[data-request-id='{requestId}']")).ToHaveCountAsync(0);

        // In Portuguese, on a phone: the same line as a card, nothing scrolls sideways.
        var phone = await fixture.NewPageAsync(DashboardApp.Viewer, "pt-BR", phone: true);
        await phone.GotoAsync("/ui/Decisions");
        var card = phone.Locator($"#decisions-table tbody tr[data-request-id='{requestId}']");
        await Assertions.Expect(card.Locator("[data-subject]")).ToHaveTextAsync(string.Format(CultureInfo.InvariantCulture, ResourceFiles.Portuguese["Decisions.RequestRef"], requestId));
        await Assertions.Expect(card.Locator("[data-outcome]")).ToHaveTextAsync(ResourceFiles.Portuguese["Decisions.Outcome.Approve"]);
        await Assertions.Expect(card.Locator("[data-decided]")).ToHaveTextAsync(CultureScope.In("pt-BR", _ => clock.Format(decidedAt, "G")));
        var overflow = await phone.Locator("#decisions-table").EvaluateAsync<int>("t => t.parentElement.scrollWidth - t.parentElement.clientWidth");
        Assert.True(overflow <= 0, $"the decision log scrolls sideways by {overflow} px at phone width");
        Assert.True(await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "the page scrolls sideways at phone width");
    }
}
