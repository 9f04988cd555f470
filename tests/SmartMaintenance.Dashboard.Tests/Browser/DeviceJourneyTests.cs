using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.Hosting;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// Journey 7: a device provisioned on the Devices page connects to the real edge broker (which syncs its registry
/// from the cloud) with mosquitto_pub / mosquitto_sub using the secret the page showed once, and the page then
/// shows it online.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DeviceJourneyTests(BrowserFixture fixture)
{
    private const string Site = "plant-1";

    [Fact]
    public async Task Device_ProvisionedOnPage_ConnectsWithShownSecretAndAppearsOnline()
    {
        var device = "dev-j7-" + Guid.NewGuid().ToString("N")[..6];
        var page = await fixture.NewPageAsync(DashboardApp.Admin);
        await page.GotoAsync("/ui/Devices");
        await page.FillAsync("#DeviceId", device);
        await page.FillAsync("#Site", Site);
        await page.ClickAsync("#provision-submit");
        await Assertions.Expect(page.Locator("#device-provisioned")).ToBeVisibleAsync();
        var secret = (await page.Locator("#device-secret").InnerTextAsync()).Trim();
        Assert.True(secret.Length >= 32);
        await BrowserFixture.ScreenshotAsync(page, "Devices-provisioned-en");

        // The secret is shown once: reloading the page does not show it again.
        await page.GotoAsync("/ui/Devices");
        await Assertions.Expect(page.Locator("#device-secret")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"tr[data-device-id='{device}']")).ToHaveAttributeAsync("data-online", "false");

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
        Process? subscriber = null;
        try
        {
            var pub = ProcessRunner.Require("mosquitto_pub", "mosquitto-clients");
            var payload = $$"""{"v":1,"dev":"{{device}}","seq":1,"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"cv":1,"up":5000,"sid":"{{device}}-temp","st":"temperature","u":"C","k":"r","val":31.5}""";
            // The broker learns the device at its next registry sync; until then the login is refused.
            var published = await Eventually.WaitForAsync(() => ProcessRunner.RunAsync(pub,
            [
                "-h", "127.0.0.1", "-p", mqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", "mqttv311",
                "-i", device, "-u", device, "-P", secret, "-q", "1",
                "-t", TopicScheme.Build(Site, device, TopicScheme.Telemetry), "-m", payload,
            ], TimeSpan.FromSeconds(20)), r => r.ExitCode == 0, TimeSpan.FromSeconds(30), "mosquitto_pub accepted with the page's secret");
            Assert.Equal(0, published.ExitCode);

            // A device stays connected: mosquitto_sub on its own config topic holds the session open.
            subscriber = Process.Start(new ProcessStartInfo(ProcessRunner.Require("mosquitto_sub", "mosquitto-clients"))
            {
                ArgumentList = { "-h", "127.0.0.1", "-p", mqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", "mqttv311",
                    "-i", device, "-u", device, "-P", secret, "-q", "1", "-t", TopicScheme.Build(Site, device, TopicScheme.Config) },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;

            await Eventually.WaitForAsync(async () =>
            {
                await page.GotoAsync("/ui/Devices");
                return await page.Locator($"tr[data-device-id='{device}']").GetAttributeAsync("data-online");
            }, online => online == "true", TimeSpan.FromSeconds(30), "the device shown online");
            await Assertions.Expect(page.Locator($"tr[data-device-id='{device}'] [data-state]")).ToHaveTextAsync("online");
            await BrowserFixture.ScreenshotAsync(page, "devices-online-en");
        }
        finally
        {
            if (subscriber is { HasExited: false })
            {
                subscriber.Kill();
                await subscriber.WaitForExitAsync();
            }

            subscriber?.Dispose();
            await broker.StopAsync();
            await broker.DisposeAsync();
        }
    }
}
