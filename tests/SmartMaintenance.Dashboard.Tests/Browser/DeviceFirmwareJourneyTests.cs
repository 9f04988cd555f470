using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Dashboard.Tests.Resources;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.Hosting;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// Firmware and configuration, desired versus reported, through the real path: the device's retained birth message
/// (mosquitto_pub, as the firmware's StatusEncoder writes it) reaches the real edge broker, which reports it to the
/// cloud's broker API; the registry keeps it and the device page shows the firmware and each setting sent beside the
/// one the device runs, marking the ones that differ.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DeviceFirmwareJourneyTests(BrowserFixture fixture)
{
    private const string Site = "plant-1";

    [Fact]
    public async Task DevicePage_BirthMessageThroughTheBroker_ShowsFirmwareAndReportedBesideDesiredConfig()
    {
        var device = "fw-" + Guid.NewGuid().ToString("N")[..6];
        var secret = DeviceSecretHasher.NewSecret();
        var devices = fixture.App.Services.GetRequiredService<IDeviceStore>();
        Assert.True(await devices.CreateAsync(new DeviceRecord(device, Site, "Lathe " + device, DeviceSecretHasher.Hash(secret),
            [new DeviceSensor(device + "-t", "temperature", "K")], true, false, null, DateTimeOffset.UtcNow, null), CancellationToken.None));
        var (status, _) = await devices.PutConfigAsync(device, new DeviceConfig { ZThreshold = 3.0, SamplePeriodMs = 500 }, null, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(ConfigUpdateStatus.Updated, status);

        // Before the device said anything: firmware unknown, nothing reported.
        var page = await fixture.NewPageAsync(DashboardApp.Viewer);
        await page.GotoAsync($"/ui/Devices/{device}");
        await Assertions.Expect(page.Locator("#device-firmware")).ToHaveTextAsync(ResourceFiles.English["Device.FirmwareUnknown"]);
        await Assertions.Expect(page.Locator("#device-config-compare tr[data-setting=zk] [data-reported]")).ToHaveTextAsync("—");

        var directory = Path.Combine(fixture.App.Directory_, "broker-" + device);
        var mqttPort = FreePort.Get();
        var broker = EdgeBrokerApplication.Build(
        [
            $"--urls=http://127.0.0.1:{FreePort.Get()}",
            $"--Broker:Mqtt:Port={mqttPort}",
            $"--Broker:Devices:File={Path.Combine(directory, "devices.json")}",
            $"--Broker:Outbox:Directory={Path.Combine(directory, "outbox")}",
            $"--Broker:DeadLetters:Directory={Path.Combine(directory, "deadletters")}",
            $"--Broker:Cloud:BaseUrl={fixture.App.Url}",
            $"--Broker:Cloud:ApiKey={DashboardApp.ApiKey}",
            "--Broker:Cloud:SyncInterval=00:00:00.200",
            "--Broker:Cloud:MaxBatchDelay=00:00:00.050",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await broker.StartAsync();
        try
        {
            // The firmware's birth message: runs config 1 but with zk 2.5 (say it was flashed with other defaults).
            var birth = $$"""{"v":1,"dev":"{{device}}","on":1,"cv":0,"up":4000,"fw":"1.6.0","cfg":1,"zk":2.5,"zh":0.5,"wu":30,"sp":500,"sum":60,"dis":[]}""";
            var pub = ProcessRunner.Require("mosquitto_pub", "mosquitto-clients");
            var published = await Eventually.WaitForAsync(() => ProcessRunner.RunAsync(pub,
            [
                "-h", "127.0.0.1", "-p", mqttPort.ToString(CultureInfo.InvariantCulture), "-V", "mqttv311",
                "-i", device, "-u", device, "-P", secret, "-q", "1", "-r",
                "-t", TopicScheme.Build(Site, device, TopicScheme.Status), "-m", birth,
            ], TimeSpan.FromSeconds(20)), r => r.ExitCode == 0, TimeSpan.FromSeconds(30), "the birth message accepted (after the broker's registry sync)");
            Assert.Equal(0, published.ExitCode);

            await Eventually.WaitForAsync(() => devices.GetAsync(device, CancellationToken.None), d => d?.FirmwareVersion == "1.6.0",
                TimeSpan.FromSeconds(30), "the reported firmware stored in the registry");

            await page.GotoAsync($"/ui/Devices/{device}");
            await Assertions.Expect(page.Locator("#device-firmware [data-firmware-version]")).ToHaveTextAsync("1.6.0");
            await Assertions.Expect(page.Locator("#device-firmware [data-reported-at]")).ToContainTextAsync("UTC");
            var zk = page.Locator("#device-config-compare tr[data-setting=zk]");
            await Assertions.Expect(zk.Locator("[data-desired]")).ToHaveTextAsync("3.0");
            await Assertions.Expect(zk.Locator("[data-reported]")).ToContainTextAsync("2.5");
            await Assertions.Expect(zk).ToHaveAttributeAsync("data-differs", "true");
            var sp = page.Locator("#device-config-compare tr[data-setting=sp]");
            await Assertions.Expect(sp.Locator("[data-desired]")).ToHaveTextAsync("500");
            await Assertions.Expect(sp.Locator("[data-reported]")).ToHaveTextAsync("500");
            await Assertions.Expect(sp).ToHaveAttributeAsync("data-differs", "false");
            // Hysteresis was not sent: the device's default, whatever it runs, is not a difference.
            await Assertions.Expect(page.Locator("#device-config-compare tr[data-setting=zh]")).ToHaveAttributeAsync("data-differs", "false");
            await BrowserFixture.ScreenshotAsync(page, "Device-firmware-config-en");

            // The API shows the same.
            using var http = new HttpClient { BaseAddress = new Uri(fixture.App.Url) };
            http.DefaultRequestHeaders.Add("x-api-key", DashboardApp.ApiKey);
            var view = await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/devices/{device}");
            Assert.Equal("1.6.0", view.GetProperty("firmware_version").GetString());
            Assert.Equal(2.5, view.GetProperty("reported_config").GetProperty(WireFields.Threshold).GetDouble());
        }
        finally
        {
            await broker.StopAsync();
            await broker.DisposeAsync();
        }
    }
}
