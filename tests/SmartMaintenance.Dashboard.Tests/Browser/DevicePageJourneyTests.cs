using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// The device page as a plant engineer opens it from the Devices list: state, each sensor's latest value in its
/// unit with its unit's decimals, a trend with the validation limits, a longer period, and a live update.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DevicePageJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task DevicePage_FromDevicesList_ShowsLatestValuesTrendsAndLiveUpdate()
    {
        var device = "mill-" + Guid.NewGuid().ToString("N")[..6];
        var services = fixture.App.Services;
        var now = DateTimeOffset.UtcNow;
        Assert.True(await services.GetRequiredService<IDeviceStore>().CreateAsync(new DeviceRecord(device, "plant-1", "Mill " + device,
            DeviceSecretHasher.Hash(DeviceSecretHasher.NewSecret()), [new DeviceSensor(device + "-temp", "temperature", "K"),
                new DeviceSensor(device + "-rpm", "rotational_speed", "rpm")], true, false, null, now, null), CancellationToken.None));
        var store = services.GetRequiredService<IReadingStore>();
        var readings = new List<NewReading>();
        for (var i = 0; i < 20; i++)
        {
            var at = now.AddMinutes(-40 + (2 * i));
            readings.Add(new NewReading(device, i, device + "-temp", "temperature", "K", MessageKinds.Reading, 310.04 + (i * 0.1), at, at, null));
            readings.Add(new NewReading(device, 1000 + i, device + "-rpm", "rotational_speed", "rpm", MessageKinds.Reading, 1500.4 + i, at, at, null));
        }

        await store.AppendAsync(readings, CancellationToken.None);

        var page = await fixture.NewPageAsync(DashboardApp.Viewer);
        await page.GotoAsync("/ui/Devices");
        await page.Locator($"#devices-table tr[data-device-id='{device}'] a[data-device-link]").ClickAsync();
        await page.WaitForURLAsync($"**/ui/Devices/{device}");

        await Assertions.Expect(page.Locator("#device-name")).ToContainTextAsync("Mill " + device);
        await Assertions.Expect(page.Locator("#device-state")).ToHaveTextAsync("offline");
        // Kelvin with one decimal, rpm with none; labels, not identifiers.
        await Assertions.Expect(page.Locator($"[data-latest-sensor='{device}-temp']")).ToHaveTextAsync("311.9\u00a0K");
        await Assertions.Expect(page.Locator($"[data-latest-sensor='{device}-rpm']")).ToHaveTextAsync("1,519\u00a0rpm");
        await Assertions.Expect(page.Locator($"article[data-sensor='{device}-rpm'] h3")).ToContainTextAsync("Rotational speed");
        await Assertions.Expect(page.Locator($"article[data-sensor='{device}-temp'] [data-limits]")).ToHaveTextAsync("Valid range: 233.1\u00a0K to 473.1\u00a0K");
        var chart = page.Locator($"article[data-sensor='{device}-temp'] canvas[data-chart=time]");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-rendered", "true");
        Assert.Equal(20, int.Parse((await chart.GetAttributeAsync("data-points"))!, System.Globalization.CultureInfo.InvariantCulture) / 3);
        await BrowserFixture.ScreenshotAsync(page, "device-en");

        // A new reading arrives: the latest value and the 1-hour chart follow it without a reload.
        await Assertions.Expect(page.Locator("[data-live-status=readings]")).ToHaveClassAsync("live on");
        await store.AppendAsync([new NewReading(device, 999, device + "-temp", "temperature", "K", MessageKinds.Reading, 315.55,
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null)], CancellationToken.None);
        await Assertions.Expect(page.Locator($"[data-latest-sensor='{device}-temp']")).ToHaveTextAsync("315.6\u00a0K");

        await page.ClickAsync("#range-7d");
        await Assertions.Expect(page.Locator("#range-7d")).ToHaveAttributeAsync("aria-current", "true");
        await Assertions.Expect(page.Locator($"article[data-sensor='{device}-temp'] canvas[data-chart=time]")).ToHaveAttributeAsync("data-rendered", "true");
    }

    [Fact]
    public async Task DevicePage_UnknownDevice_NotFound()
    {
        var page = await fixture.NewPageAsync(DashboardApp.Viewer);
        var response = await page.GotoAsync("/ui/Devices/no-such-device-" + Guid.NewGuid().ToString("N")[..6]);
        Assert.Equal(404, response!.Status);
    }
}
