using System.Net;
using System.Text;
using Microsoft.Playwright;
using SmartMaintenance.Dashboard.Tests.Resources;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// What a device computed on board reaches the people reading it: a summary and a deviation sent through the
/// broker's batch endpoint show their kind and statistics in the Data Explorer, and a sensor the device reported
/// stuck is counted under its rule on the Metrics page and notified on the Overview, in Portuguese on pt-BR pages.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DeviceStatisticsJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task DataExplorer_DeviceSummaryAndDeviation_ShowKindAndStatisticsInPortuguese()
    {
        var device = "ds-" + Guid.NewGuid().ToString("N")[..8];
        await PostBatchAsync(device,
            "\"k\":\"s\",\"val\":60.25,\"n\":60,\"sd\":0.5,\"min\":59.125,\"max\":61.5",
            "\"k\":\"a\",\"val\":95,\"z\":7.25,\"bm\":60.1,\"bs\":0.75");

        var page = await fixture.NewPageAsync(DashboardApp.Viewer, "pt-BR");
        await page.GotoAsync("/ui/DataExplorer?DeviceId=" + device);

        var summary = page.Locator("#explorer-table tbody tr", new() { Has = page.Locator("td[data-kind=s]") });
        await Assertions.Expect(summary.Locator("td[data-kind]")).ToHaveTextAsync(ResourceFiles.Portuguese["DataExplorer.Kind.s"]);
        await Assertions.Expect(summary.Locator("td[data-statistics]")).ToHaveTextAsync("60 amostras · desvio-padrão 0,500 · mín. 59,125 · máx. 61,500");
        var deviation = page.Locator("#explorer-table tbody tr", new() { Has = page.Locator("td[data-kind=a]") });
        await Assertions.Expect(deviation.Locator("td[data-kind]")).ToHaveTextAsync(ResourceFiles.Portuguese["DataExplorer.Kind.a"]);
        await Assertions.Expect(deviation.Locator("td[data-statistics]")).ToHaveTextAsync("z = 7,25 · referência do dispositivo 60,100 ± 0,750");
        await BrowserFixture.ScreenshotAsync(page, "DataExplorer-device-statistics-pt-BR");
    }

    [Fact]
    public async Task Metrics_DeviceReportsASensorStuck_RefusalShownUnderItsRuleInPortuguese()
    {
        var device = "dk-" + Guid.NewGuid().ToString("N")[..8];
        await PostBatchAsync(device, "\"k\":\"a\",\"val\":60.5,\"z\":0,\"bm\":60.5,\"bs\":0,\"stk\":1", "\"k\":\"r\",\"val\":60.5");

        var page = await fixture.NewPageAsync(DashboardApp.Viewer, "pt-BR");
        await page.GotoAsync("/ui/Metrics");

        // The agents pick the batch up from storage; the page's region refreshes itself every 5 s.
        var stuck = page.Locator("#metrics-rejected tr[data-rule=stuck]");
        await Assertions.Expect(stuck).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(stuck.Locator("td").First).ToHaveTextAsync(ResourceFiles.Portuguese["Metrics.Rule.stuck"]);
        await BrowserFixture.ScreenshotAsync(page, "Metrics-rejected-pt-BR");

        // A stuck sensor is a fault people must hear of: the notification agent sends it, the Overview lists it.
        await page.GotoAsync("/ui");
        var notice = page.Locator("li[data-notification-kind=sensor-stuck]", new() { HasText = device });
        await Assertions.Expect(notice.Locator("[data-notification-title]")).ToHaveTextAsync($"Sensor {device}/{device}-temp travado", new() { Timeout = 30_000 });
    }

    private async Task PostBatchAsync(string device, params string[] bodies)
    {
        var batch = DeviceBatch.Json(device, "temperature", "C", bodies);
        using var http = new HttpClient { BaseAddress = new Uri(fixture.App.Url) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/data/ingest/batch")
        {
            Content = new StringContent(batch, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", DashboardApp.ApiKey);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"batch refused: {(int)response.StatusCode} {body}");
        Assert.Contains($"\"stored\":{bodies.Length}", body);
    }
}
