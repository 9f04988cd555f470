using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SmartMaintenance.Dashboard.Tests.Resources;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// Live updates of alerts and device state: an open page changes when the server pushes an event, without a
/// reload. A marker set on the page's window object proves no reload happened (a reload would wipe it).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveUpdateJourneyTests(BrowserFixture fixture)
{
    private static HttpClient Api(BrowserFixture fixture)
    {
        var http = new HttpClient { BaseAddress = new Uri(fixture.App.Url) };
        http.DefaultRequestHeaders.Add("x-api-key", DashboardApp.ApiKey);
        return http;
    }

    private static async Task MarkNoReloadAsync(IPage page) => await page.EvaluateAsync("() => { window.__noReload = true; }");

    private static async Task AssertNotReloadedAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "the page reloaded instead of updating live");

    private static Task SimulateAnomalyAsync(HttpClient http, string sensor, int seed) =>
        http.PostAsJsonAsync("/api/v1/simulate/anomaly", new { device_id = "live-alerts", sensor_id = sensor, count = 60, anomalies = 1, seed })
            .ContinueWith(t => t.Result.EnsureSuccessStatusCode());

    [Fact]
    public async Task Alerts_AnomalyFromTheSimulator_AppearsLiveWithItsSimilarPastCase()
    {
        using var http = Api(fixture);
        var page = await fixture.NewPageAsync(DashboardApp.Viewer, "pt-BR");
        // Simulated anomalies belong to the demo site, hidden by default: this viewer has switched demo data on.
        await fixture.ShowDemoDataAsync(page);
        await page.GotoAsync("/ui/Alerts");
        await Assertions.Expect(page.Locator("[data-live-status=alerts].on")).ToHaveCountAsync(1);
        await MarkNoReloadAsync(page);

        // 1. An anomaly raised by the real pipeline (simulated readings -> store -> validation -> detection).
        var first = "live-a-" + Guid.NewGuid().ToString("N")[..6];
        await SimulateAnomalyAsync(http, first, seed: 3);
        var firstRow = page.Locator("#alerts-table tbody tr", new() { HasText = first });
        await Assertions.Expect(firstRow.First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(firstRow.First.Locator("[data-similar]")).ToContainTextAsync(ResourceFiles.Portuguese["Alerts.NoSimilar"]);
        // The machine detector's evidence in Portuguese: its name and its numbers' labels from the resources, not the English line.
        var level = firstRow.First.Locator("[data-evidence=machine]");
        await Assertions.Expect(level).ToContainTextAsync(ResourceFiles.Portuguese["Alerts.Detector.machine"]);
        await Assertions.Expect(level.Locator("[data-evidence-detail]")).ToContainTextAsync(ResourceFiles.Portuguese["Alerts.Fact.share"].Replace("{0}", "").Trim());
        await Assertions.Expect(level.Locator("[data-evidence-detail]")).Not.ToContainTextAsync("p=");

        // 2. A technician resolves it: the knowledge base learns the case (cause and fix).
        var anomalyId = long.Parse((await firstRow.First.GetAttributeAsync("data-alert-id"))!, System.Globalization.CultureInfo.InvariantCulture);
        var cause = "Rolamento sem graxa " + Guid.NewGuid().ToString("N")[..6];
        (await http.PostAsJsonAsync("/api/v1/knowledge/incidents",
            new { anomaly_id = anomalyId, symptoms = "Temperatura subiu de repente", cause, fix = "Engraxar o rolamento" })).EnsureSuccessStatusCode();
        await Eventually.WaitForAsync(() => http.GetFromJsonAsync<JsonElement>("/api/v1/knowledge/incidents"),
            list => list.EnumerateArray().Any(i => i.GetProperty("cause").GetString() == cause), TimeSpan.FromSeconds(15), "the incident in the knowledge base");

        // 3. The next anomaly of the same sensor type arrives live, next to its similar past case.
        var second = "live-b-" + Guid.NewGuid().ToString("N")[..6];
        await SimulateAnomalyAsync(http, second, seed: 3);
        var secondRow = page.Locator("#alerts-table tbody tr", new() { HasText = second });
        await Assertions.Expect(secondRow.First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var similar = secondRow.First.Locator("[data-similar] .similar-case", new() { HasText = cause });
        await Assertions.Expect(similar).ToHaveCountAsync(1);
        await Assertions.Expect(similar).ToContainTextAsync(string.Format(ResourceFiles.Portuguese["Alerts.SimilarCause"], cause));
        await Assertions.Expect(similar).ToContainTextAsync("Engraxar o rolamento");
        await Assertions.Expect(page.Locator("#alerts-table thead")).ToContainTextAsync(ResourceFiles.Portuguese["Alerts.SimilarCases"]);
        await AssertNotReloadedAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "alerts-similar-pt-BR");
    }

    [Fact]
    public async Task Devices_BrokerReportsOnlineThenOffline_OpenPageFollows()
    {
        using var http = Api(fixture);
        var device = "dev-live-" + Guid.NewGuid().ToString("N")[..6];
        (await http.PostAsJsonAsync("/api/v1/devices", new { device_id = device, site = "plant-1" })).EnsureSuccessStatusCode();
        var page = await fixture.NewPageAsync(DashboardApp.Viewer);
        await page.GotoAsync("/ui/Devices");
        var row = page.Locator($"tr[data-device-id='{device}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-online", "false");
        await Assertions.Expect(page.Locator("[data-live-status=devices].on")).ToHaveCountAsync(1);
        await MarkNoReloadAsync(page);

        // What the edge broker sends when a board connects, then disconnects (POST /api/v1/broker/events).
        await ReportAsync(http, device, "online");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-online", "true");
        await Assertions.Expect(row.Locator("[data-state]")).ToHaveTextAsync(ResourceFiles.English["Devices.Online"]);

        await ReportAsync(http, device, "offline");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-online", "false");
        await Assertions.Expect(row.Locator("[data-state]")).ToHaveTextAsync(ResourceFiles.English["Devices.Offline"]);
        await AssertNotReloadedAsync(page);
    }

    [Fact]
    public async Task Overview_DeviceComesOnline_FleetCountFollowsLive()
    {
        using var http = Api(fixture);
        var device = "dev-fleet-" + Guid.NewGuid().ToString("N")[..6];
        (await http.PostAsJsonAsync("/api/v1/devices", new { device_id = device, site = "plant-1" })).EnsureSuccessStatusCode();
        var page = await fixture.NewPageAsync(DashboardApp.Viewer);
        await page.GotoAsync("/ui");
        await Assertions.Expect(page.Locator("[data-live-status=devices].on")).ToHaveCountAsync(1);
        var before = int.Parse((await page.Locator("#fleet-online").GetAttributeAsync("data-online"))!, System.Globalization.CultureInfo.InvariantCulture);
        await MarkNoReloadAsync(page);

        await ReportAsync(http, device, "online");

        await Assertions.Expect(page.Locator("#fleet-online")).ToHaveAttributeAsync("data-online", (before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await AssertNotReloadedAsync(page);
        await ReportAsync(http, device, "offline");
    }

    private static async Task ReportAsync(HttpClient http, string device, string kind)
    {
        var response = await http.PostAsJsonAsync("/api/v1/broker/events", new
        {
            broker_id = "test-broker",
            events = new[] { new { device_id = device, site = "plant-1", kind, at = DateTimeOffset.UtcNow } },
        });
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, result.GetProperty("applied").GetInt32());
    }
}
