using System.Net.Http.Json;
using Microsoft.Playwright;
using SmartMaintenance.Dashboard.Tests.Resources;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// Devices page, "push configuration and see the acknowledgement": a wrong value is refused next to its field in the
/// chosen language, a valid configuration (with a sensor switched off) is stored as the next version, and the device's
/// acknowledgement, as the broker reports it, shows in the registry without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DeviceConfigJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task PushConfig_InvalidThenValid_StoredAsNextVersionAndAckShownLive()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.App.Url) };
        http.DefaultRequestHeaders.Add("x-api-key", DashboardApp.ApiKey);
        var device = "dev-cfg-" + Guid.NewGuid().ToString("N")[..6];
        (await http.PostAsJsonAsync("/api/v1/devices", new { device_id = device, site = "plant-1" })).EnsureSuccessStatusCode();
        var page = await fixture.NewPageAsync(DashboardApp.Admin, "pt-BR");
        await page.GotoAsync("/ui/Devices");

        // 1. Hysteresis above the alarm threshold: refused next to the field, in Portuguese; nothing stored.
        await page.SelectOptionAsync("#ConfigDevice", device);
        await page.FillAsync("#ZThreshold", "3");
        await page.FillAsync("#Hysteresis", "4");
        await page.ClickAsync("#config-submit");
        await Assertions.Expect(page.Locator("[data-valmsg-for=Hysteresis]"))
            .ToHaveTextAsync(ResourceFiles.Portuguese["Devices.Error.HysteresisBelowThreshold"]);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync($"/api/v1/devices/{device}/config")).StatusCode);

        // 2. A valid configuration with the vibration sensor switched off.
        await page.SelectOptionAsync("#ConfigDevice", device);
        await page.FillAsync("#ZThreshold", "3,5");
        await page.FillAsync("#Hysteresis", "0,5");
        await page.FillAsync("#DisabledSensors", "vibration, tool-wear");
        await page.ClickAsync("#config-submit");
        await Assertions.Expect(page.Locator("#config-pushed")).ToBeVisibleAsync();
        var stored = await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/devices/{device}/config");
        var desired = stored.GetProperty("desired");
        Assert.Equal(1, stored.GetProperty("version").GetInt64());
        Assert.Equal(3.5, desired.GetProperty("zk").GetDouble());
        Assert.Equal(["vibration", "tool-wear"], desired.GetProperty("dis").EnumerateArray().Select(e => e.GetString()));

        // 3. The device applies it; the broker reports the acknowledgement; the open page shows it live.
        var row = page.Locator($"tr[data-device-id='{device}']");
        await Assertions.Expect(row.Locator("[data-ack]")).ToHaveTextAsync(ResourceFiles.Portuguese["Devices.AckWaiting"]);
        await page.EvaluateAsync("() => { window.__noReload = true; }");
        (await http.PostAsJsonAsync("/api/v1/broker/events", new
        {
            broker_id = "test-broker",
            events = new[] { new { device_id = device, site = "plant-1", kind = "config_ack", at = DateTimeOffset.UtcNow, config_version = 1, applied = true } },
        })).EnsureSuccessStatusCode();
        await Assertions.Expect(row.Locator("[data-ack]")).ToHaveTextAsync(string.Format(
            new System.Globalization.CultureInfo("pt-BR"), ResourceFiles.Portuguese["Devices.AckApplied"], 1.ToString("N0", new System.Globalization.CultureInfo("pt-BR"))));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "the page reloaded instead of updating live");
        await BrowserFixture.ScreenshotAsync(page, "Devices-config-pt-BR");
    }
}
