using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Dashboard.Tests.Resources;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Dashboard.Display;
using SmartMaintenance.Cloud.Dashboard.Settings;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// The plant's display settings as people use them: an admin picks the plant time zone on the System page and every
/// page shows a known reading's time shifted into it with the zone named; a user switches temperatures to °C and
/// values, limits and charts follow on every page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PlantDisplayJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task PlantTimeZone_SaoPauloChosenOnTheSystemPage_KnownReadingShiftedWithTheZoneNamedOnSeveralPages()
    {
        var device = "zone-" + Guid.NewGuid().ToString("N")[..6];
        var sensor = device + "-t";
        // 12:00 UTC two days ago; São Paulo is UTC-03:00 all year (no daylight saving since 2019), so 09:00 there.
        var at = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-2).AddHours(12), TimeSpan.Zero);
        await SeedAsync(device, sensor, at, 312.15);

        var page = await fixture.NewPageAsync(DashboardApp.Admin, "pt-BR");
        try
        {
            await page.GotoAsync("/ui/System");
            await Assertions.Expect(page.Locator("#zone-current")).ToHaveAttributeAsync("data-zone", "UTC");
            await page.FillAsync("#zone-input", "America/Nowhere");
            await page.ClickAsync("#zone-submit");
            await Assertions.Expect(page.Locator("#zone-error")).ToHaveTextAsync(ResourceFiles.Portuguese["System.TimeZone.Unknown"]);
            await Assertions.Expect(page.Locator("#zone-current")).ToHaveAttributeAsync("data-zone", "UTC");

            await page.FillAsync("#zone-input", "America/Sao_Paulo");
            await page.ClickAsync("#zone-submit");
            await Assertions.Expect(page.Locator("#zone-saved")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#zone-current")).ToHaveAttributeAsync("data-zone", "America/Sao_Paulo");
            // Stored, so a restart keeps it.
            Assert.Equal("America/Sao_Paulo", await fixture.App.Services.GetRequiredService<PlantSettingsStore>()
                .GetAsync(PlantSettingsStore.TimeZoneKey, CancellationToken.None));

            var local = at.AddHours(-3).UtcDateTime;
            var shown = local.ToString("dd/MM/yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC-03:00";

            // Data Explorer: the range is typed in plant time (08:59 to 09:01 there holds the 12:00 UTC reading).
            var from = local.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
            var to = local.AddMinutes(1).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
            await page.GotoAsync($"/ui/DataExplorer?SensorId={sensor}&Period=custom&From={from}&To={to}");
            await Assertions.Expect(page.Locator("#plant-zone")).ToContainTextAsync("America/Sao_Paulo");
            var row = page.Locator("#explorer-table tbody tr", new() { HasText = sensor });
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await Assertions.Expect(row.Locator("td").First).ToHaveTextAsync(shown);
            await Assertions.Expect(page.Locator("canvas[data-chart=time]").First).ToHaveAttributeAsync("data-rendered", "true");

            // Device page: the sensor's latest reading time.
            await page.GotoAsync($"/ui/Devices/{device}");
            await Assertions.Expect(page.Locator($"[data-latest-at='{sensor}']")).ToHaveTextAsync(shown);
            await Assertions.Expect(page.Locator("#plant-zone")).ToContainTextAsync("America/Sao_Paulo");

            // Alerts: the detection time.
            await page.GotoAsync("/ui/Alerts");
            var alert = page.Locator("#alerts-table tr", new() { HasText = sensor });
            await Assertions.Expect(alert.Locator("[data-detected]")).ToHaveTextAsync(shown);

            // System: the server time and the zone the page states.
            await page.GotoAsync("/ui/System");
            await Assertions.Expect(page.Locator("#system-versions")).ToContainTextAsync("UTC-03:00");
            await BrowserFixture.ScreenshotAsync(page, "System-time-zone-pt-BR");
        }
        finally
        {
            // The host is shared by the browser tests: put the plant back on UTC for the others.
            var clock = fixture.App.Services.GetRequiredService<PlantTime>();
            await fixture.App.Services.GetRequiredService<PlantSettingsStore>().SetAsync(PlantSettingsStore.TimeZoneKey, "UTC", "test", DateTimeOffset.UtcNow, CancellationToken.None);
            Assert.True(clock.Use("UTC"));
        }
    }

    [Fact]
    public async Task PlantTimeZone_Viewer_SeesTheZoneButCannotChangeIt()
    {
        var page = await fixture.NewPageAsync(DashboardApp.Viewer);
        await page.GotoAsync("/ui/System");
        await Assertions.Expect(page.Locator("#zone-current")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#zone-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#zone-admin-only")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TemperatureUnit_SwitchedToCelsius_ValuesLimitsAndAlertsFollowOnEveryPage()
    {
        var device = "unit-" + Guid.NewGuid().ToString("N")[..6];
        var sensor = device + "-t";
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        await SeedAsync(device, sensor, at, 312.36);

        var page = await fixture.NewPageAsync(DashboardApp.Viewer);
        await page.GotoAsync($"/ui/Devices/{device}");
        await Assertions.Expect(page.Locator($"[data-latest-sensor='{sensor}']")).ToHaveTextAsync("312.4\u00a0K");

        await page.SelectOptionAsync("#temp-select", "C");
        await page.ClickAsync("#lang-apply");
        await page.WaitForURLAsync($"**/ui/Devices/{device}");

        // 312.36 K is 39.21 °C: 39.2 with one decimal for °C as for K; the validation band converts too.
        await Assertions.Expect(page.Locator($"[data-latest-sensor='{sensor}']")).ToHaveTextAsync("39.2\u00a0°C");
        await Assertions.Expect(page.Locator($"article[data-sensor='{sensor}'] [data-limits]")).ToContainTextAsync("°C");
        await Assertions.Expect(page.Locator($"article[data-sensor='{sensor}'] [data-limits]")).Not.ToContainTextAsync("\u00a0K");
        await Assertions.Expect(page.Locator("#temp-select")).ToHaveValueAsync("C");

        await page.GotoAsync("/ui/Alerts");
        await Assertions.Expect(page.Locator("#alerts-table tr", new() { HasText = sensor }).Locator("[data-value]")).ToHaveTextAsync("39.2\u00a0°C");

        await page.GotoAsync($"/ui/DataExplorer?SensorId={sensor}&Period=1h");
        var row = page.Locator("#explorer-table tbody tr", new() { HasText = sensor });
        await Assertions.Expect(row).ToContainTextAsync("39.2");
        await Assertions.Expect(row).ToContainTextAsync("°C");
        await Assertions.Expect(page.Locator("canvas[data-chart=time]").First).ToHaveAttributeAsync("data-rendered", "true");
        // The chart's axis is in the chosen unit too (one chart per unit: °C, not K).
        await Assertions.Expect(page.Locator("canvas[data-chart=time][data-unit='°C']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("canvas[data-chart=time][data-unit='K']")).ToHaveCountAsync(0);

        // Back to kelvin: the preference is the user's, kept in a cookie.
        await page.SelectOptionAsync("#temp-select", "K");
        await page.ClickAsync("#lang-apply");
        await Assertions.Expect(row).ToContainTextAsync("312.4");
    }

    private async Task SeedAsync(string device, string sensor, DateTimeOffset at, double kelvin)
    {
        var services = fixture.App.Services;
        Assert.True(await services.GetRequiredService<IDeviceStore>().CreateAsync(new DeviceRecord(device, "plant-1", device,
            DeviceSecretHasher.Hash(DeviceSecretHasher.NewSecret()), [new DeviceSensor(sensor, "temperature", "K")], true, false, null, at, null),
            CancellationToken.None));
        await services.GetRequiredService<IReadingStore>().AppendAsync(
            [new NewReading(device, 1, sensor, "temperature", "K", MessageKinds.Reading, kelvin, at, at, null)], CancellationToken.None);
        var reading = new SensorReading(1, device, sensor, "temperature", "K", "reading", kelvin, at, "corr-" + device);
        await services.GetRequiredService<IAnomalyStore>().AddAsync(new AnomalyDetected(new EventMeta("zone-" + device, device, "corr-" + device, at),
            reading, 0.9, AnomalySeverity.High, [new DetectorEvidence("zscore", 5.1, 3.0, "z 5.1")], []), CancellationToken.None);
    }
}
