using System.Net.Http.Json;
using Microsoft.Playwright;
using SmartMaintenance.Dashboard.Tests.Resources;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>Journey 1: a reading typed on Manual Ingestion shows up in the Data Explorer and in its CSV export.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ManualIngestionJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ManualIngestion_Submitted_AppearsInExplorerAndCsv()
    {
        var page = await fixture.NewPageAsync(DashboardApp.Operator);
        var sensor = "J1_" + Guid.NewGuid().ToString("N")[..8];

        await page.GotoAsync("/ui/Ingest");
        await page.FillAsync("#SensorId", sensor);
        await page.FillAsync("#Value", "25.5");
        await page.FillAsync("#SensorType", "temperature");
        await page.FillAsync("#Unit", "°C");
        await page.ClickAsync("#ingest-submit");

        await Assertions.Expect(page.Locator("#ingest-result")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#result-latency")).ToContainTextAsync("ms");
        var id = (await page.Locator("#result-id").InnerTextAsync()).Replace(",", "");
        Assert.True(long.Parse(id) > 0);
        await BrowserFixture.ScreenshotAsync(page, "manual-ingestion-en");

        await page.ClickAsync("#result-explore");
        var row = page.Locator("#explorer-table tbody tr", new() { HasText = sensor });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("25.5");
        await Assertions.Expect(page.Locator("canvas[data-chart=time][data-rendered=true]")).ToHaveCountAsync(1);

        // The export link carries the same filter; the context's cookies sign the download in.
        var href = await page.Locator("#explorer-csv").GetAttributeAsync("href");
        var csv = await (await page.APIRequest.GetAsync(href!)).TextAsync();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The API export's columns (one CSV spelling of a reading for both).
        Assert.StartsWith("id,device_id,sequence,sensor_id,sensor_type,unit,kind,value,timestamp,", lines[0]);
        var line = Assert.Single(lines.Skip(1));
        Assert.Contains($",{sensor},temperature,°C,r,25.5,", line);
    }

    [Fact]
    public async Task ManualIngestion_InvalidInput_ShowsErrorsNextToFieldsInPortuguese()
    {
        var page = await fixture.NewPageAsync(DashboardApp.Operator, "pt-BR");

        await page.GotoAsync("/ui/Ingest");
        await page.FillAsync("#SensorId", "sensor with spaces");
        await page.FillAsync("#Value", "abc");
        await page.ClickAsync("#ingest-submit");

        await Assertions.Expect(page.Locator("#ingest-result")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-valmsg-for=Value]")).ToHaveTextAsync(ResourceFiles.Portuguese["Validation.Invalid"]);
        await BrowserFixture.ScreenshotAsync(page, "ingest-errors-pt-BR");

        await page.FillAsync("#Value", "12,5");
        await page.ClickAsync("#ingest-submit");
        await Assertions.Expect(page.Locator("[data-valmsg-for=SensorId]")).ToHaveTextAsync(ResourceFiles.Portuguese["Ingest.Error.SensorId"]);
        await Assertions.Expect(page.Locator("[data-valmsg-for=Value]")).ToBeEmptyAsync();
    }

    [Fact]
    public async Task Overview_ReadingIngestedThroughTheApi_IsPushedLiveWithoutReload()
    {
        var page = await fixture.NewPageAsync(DashboardApp.Viewer);
        await page.GotoAsync("/ui");
        await Assertions.Expect(page.Locator("[data-live-status=readings].on")).ToHaveCountAsync(1);
        var sensor = "LIVE_" + Guid.NewGuid().ToString("N")[..8];

        using var http = new HttpClient { BaseAddress = new Uri(fixture.App.Url) };
        http.DefaultRequestHeaders.Add("x-api-key", DashboardApp.ApiKey);
        var response = await http.PostAsJsonAsync("/api/v1/data/ingest",
            new { sensor_id = sensor, value = 41.25, sensor_type = "temperature", unit = "°C" });
        response.EnsureSuccessStatusCode();

        await Assertions.Expect(page.Locator("#live-readings tbody tr", new() { HasText = sensor })).ToHaveCountAsync(1);
        // °C shows one decimal everywhere (UnitFormat): 41.25 reads 41.3.
        await Assertions.Expect(page.Locator("#live-readings tbody tr", new() { HasText = sensor })).ToContainTextAsync("41.3");
    }
}
