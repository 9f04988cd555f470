using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// The Data Explorer as a trend tool: it opens on the newest readings of the last hour with the total count,
/// device and sensor come from lists, kelvin and rpm get a chart each, and a new reading arrives live.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DataExplorerJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Explorer_DeviceChosenFromList_NewestFirstChartPerUnitAndLiveRow()
    {
        var device = "lathe-" + Guid.NewGuid().ToString("N")[..6];
        var store = fixture.App.Services.GetRequiredService<IReadingStore>();
        var now = DateTimeOffset.UtcNow;
        var readings = new List<NewReading>();
        for (var i = 0; i < 30; i++)
        {
            var at = now.AddMinutes(-50 + i);
            readings.Add(new NewReading(device, i, device + "-temp", "temperature", "K", MessageKinds.Reading, 300 + i, at, at, null));
            readings.Add(new NewReading(device, 100 + i, device + "-rpm", "rotational_speed", "rpm", MessageKinds.Reading, 1400 + i, at, at, null));
        }

        // An old reading outside the default hour: not on the first page, not in the count.
        readings.Add(new NewReading(device, 999, device + "-temp", "temperature", "K", MessageKinds.Reading, 290, now.AddHours(-5), now, null));
        await store.AppendAsync(readings, CancellationToken.None);

        var page = await fixture.NewPageAsync(DashboardApp.Viewer);
        await page.GotoAsync("/ui/DataExplorer");
        await page.SelectOptionAsync("#DeviceId", device);
        await page.SelectOptionAsync("#Limit", "25");
        await page.ClickAsync("#explorer-apply");

        await Assertions.Expect(page.Locator("#Period")).ToHaveValueAsync("1h");
        await Assertions.Expect(page.Locator("#explorer-total")).ToHaveAttributeAsync("data-total", "60");
        var rows = page.Locator("#explorer-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        // Newest first: the last minute's values lead.
        await Assertions.Expect(rows.First).ToContainTextAsync(new System.Text.RegularExpressions.Regex("329\\.0|1,429"));
        await Assertions.Expect(page.Locator("#explorer-table")).Not.ToContainTextAsync("290.0");
        // One chart per unit.
        await Assertions.Expect(page.Locator("canvas[data-chart=time][data-rendered=true]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("canvas[data-chart=time][data-unit=K]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("canvas[data-chart=time][data-unit=rpm]")).ToHaveCountAsync(1);
        // The sensor list follows the device.
        await Assertions.Expect(page.Locator("#SensorId option")).ToHaveCountAsync(3);
        await BrowserFixture.ScreenshotAsync(page, "data-explorer-en");

        await Assertions.Expect(page.Locator("[data-live-status=readings]")).ToHaveClassAsync("live on");
        await store.AppendAsync([new NewReading(device, 5000, device + "-rpm", "rotational_speed", "rpm", MessageKinds.Reading, 1777.4,
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null)], CancellationToken.None);
        await Assertions.Expect(rows.First).ToContainTextAsync("1,777");
        await Assertions.Expect(rows.First).ToContainTextAsync("Rotational speed");

        await page.ClickAsync("#explorer-next");
        await Assertions.Expect(page.Locator("#explorer-first")).ToBeVisibleAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(25);
    }
}
