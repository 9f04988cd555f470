using Microsoft.Playwright;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>System page: the edge broker's last contact, the artifact store's own reachability check, secrets hidden.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SystemPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task System_AfterABrokerSync_ShowsLastContactArtifactStoreAndNoSecret()
    {
        // What the edge broker does every Broker:Cloud:SyncInterval: fetch the registry with its broker-scoped key.
        using var http = new HttpClient { BaseAddress = new Uri(fixture.App.Url) };
        http.DefaultRequestHeaders.Add("x-api-key", DashboardApp.ApiKey);
        (await http.GetAsync("/api/v1/broker/sync")).EnsureSuccessStatusCode();

        var page = await fixture.NewPageAsync(DashboardApp.Viewer);
        await page.GotoAsync("/ui/System");

        await Assertions.Expect(page.Locator("tr[data-component=broker]")).ToHaveAttributeAsync("data-state", "Ok");
        await Assertions.Expect(page.Locator("#broker-last-contact")).ToContainTextAsync("UTC");
        await Assertions.Expect(page.Locator("tr[data-component=artifacts]")).ToHaveAttributeAsync("data-state", "ok");
        var config = await page.Locator("#system-config").InnerTextAsync();
        Assert.Contains("Cloud:Agents:Notification:SmtpPassword", config);
        Assert.DoesNotContain(DashboardApp.SmtpPassword, await page.ContentAsync());
        Assert.DoesNotContain(DashboardApp.ApiKey, await page.ContentAsync());
        await BrowserFixture.ScreenshotAsync(page, "system-en");
    }
}
