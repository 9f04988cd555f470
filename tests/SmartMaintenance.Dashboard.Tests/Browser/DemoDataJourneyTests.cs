using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Demo;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Dashboard.Tests.Resources;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// Demo data apart, as an operator meets it: a simulation started on the Simulation page writes under the demo site;
/// the fleet pages (Devices, Alerts, Data Explorer) do not show its device, its alert or its readings; the switch in
/// the top bar shows them on every page (kept across pages); the Demo data page refuses to clear without the
/// confirmation, then clears, and the clear is in the decision log with the operator's name.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DemoDataJourneyTests(BrowserFixture fixture)
{
    private const string Device = DemoSite.SimulatorDevice;

    [Fact]
    public async Task Simulation_FromThePage_HiddenOnFleetPagesShownByTheSwitchThenCleared()
    {
        var services = fixture.App.Services;
        var page = await fixture.NewPageAsync(DashboardApp.Operator);

        // The Simulation page: start a run, read its result.
        await page.GotoAsync("/ui/Simulation");
        await page.SelectOptionAsync("#Kind", "Anomaly");
        await page.FillAsync("#Count", "60");
        await page.FillAsync("#Anomalies", "1");
        await page.ClickAsync("#simulation-submit");
        await Assertions.Expect(page.Locator("#simulation-result")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#simulation-result")).ToContainTextAsync(string.Format(CultureInfo.GetCultureInfo("en"),
            ResourceFiles.English["Simulation.Done"], 60.ToString("N0", CultureInfo.GetCultureInfo("en"))));
        await Assertions.Expect(page.Locator("#simulation-result")).ToContainTextAsync($"{Device} / sim-temperature");
        var correlation = (await page.Locator("#simulation-correlation").TextContentAsync())!.Trim();
        Assert.StartsWith("sim-anomaly-", correlation);
        await BrowserFixture.ScreenshotAsync(page, "simulation-result-en");

        // What the run wrote, read from the real stores: its device is in the demo site, its readings and its alert stored.
        var registered = await services.GetRequiredService<IDeviceStore>().GetAsync(Device, CancellationToken.None);
        Assert.Equal(DemoSite.Name, registered?.Site);
        var anomalies = services.GetRequiredService<IAnomalyStore>();
        var alert = await Eventually.WaitForAsync(async () => (await anomalies.ListAsync(DateTimeOffset.UtcNow.AddHours(-1),
                DateTimeOffset.UtcNow.AddMinutes(5), 10_000, CancellationToken.None)).FirstOrDefault(a => a.CorrelationId == correlation),
            a => a is not null, TimeSpan.FromSeconds(60), "the simulated anomaly in the anomaly store");
        Assert.True(await services.GetRequiredService<IReadingStore>().CountAsync(new ReadingQuery(DeviceId: Device), CancellationToken.None) >= 60);

        // Hidden by default on the fleet's pages.
        await page.GotoAsync("/ui/Devices");
        await Assertions.Expect(page.Locator("#demo-toggle")).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(page.Locator($"tr[data-device-id='{Device}']")).ToHaveCountAsync(0);
        await page.GotoAsync("/ui/Alerts");
        await Assertions.Expect(page.Locator($"tr[data-alert-id='{alert!.Id}']")).ToHaveCountAsync(0);
        await page.GotoAsync($"/ui/DataExplorer?DeviceId={Device}&Period=1h");
        await Assertions.Expect(page.Locator("#explorer-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#explorer-total")).ToHaveAttributeAsync("data-total", "0");
        await Assertions.Expect(page.Locator($"#DeviceId option[value='{Device}']")).ToHaveCountAsync(0);

        // The switch in the top bar shows them, here and on the next pages.
        await page.ClickAsync("#demo-toggle");
        await page.WaitForURLAsync(u => u.Contains("/ui/DataExplorer", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#demo-toggle")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("#explorer-table tbody tr").First).ToContainTextAsync("sim-temperature");
        await Assertions.Expect(page.Locator($"#DeviceId option[value='{Device}']")).ToHaveCountAsync(1);
        await page.GotoAsync("/ui/Alerts");
        await Assertions.Expect(page.Locator($"tr[data-alert-id='{alert.Id}']")).ToHaveCountAsync(1);
        await page.GotoAsync("/ui/Devices");
        await Assertions.Expect(page.Locator($"tr[data-device-id='{Device}']")).ToContainTextAsync(DemoSite.Name);

        // Clear: refused without the confirmation, then done, and recorded in the decision log.
        await page.GotoAsync("/ui/Demo");
        await Assertions.Expect(page.Locator("#demo-devices")).ToContainTextAsync(Device);
        await page.ClickAsync("#demo-clear");
        await Assertions.Expect(page.Locator("#demo-confirm-error")).ToHaveTextAsync(ResourceFiles.English["Demo.Error.Confirm"]);
        Assert.NotNull(await services.GetRequiredService<IDeviceStore>().GetAsync(Device, CancellationToken.None));
        await page.CheckAsync("#demo-confirm");
        await page.ClickAsync("#demo-clear");
        await Assertions.Expect(page.Locator("#demo-cleared")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#demo-history tbody tr").First).ToContainTextAsync(DashboardApp.Operator.User);
        await BrowserFixture.ScreenshotAsync(page, "demo-cleared-en");

        Assert.Null(await services.GetRequiredService<IDeviceStore>().GetAsync(Device, CancellationToken.None));
        Assert.Equal(0, await services.GetRequiredService<IReadingStore>().CountAsync(new ReadingQuery(DeviceId: Device), CancellationToken.None));
        Assert.Null(await anomalies.GetAsync(alert.Id, CancellationToken.None));
        var log = await services.GetRequiredService<IRequestDecisionStore>().QueryAsync(new RequestDecisionFilter(RequestId: "demo-site:clear"),
            CancellationToken.None);
        Assert.Contains(log, d => d.Operator == DashboardApp.Operator.User && d.Reason.Contains("readings", StringComparison.Ordinal));
        // And on the Decision Log page, as a person reads it: what, who and what was removed, not the request's identifier.
        await page.GotoAsync("/ui/Decisions?FilterRequest=" + Uri.EscapeDataString(SmartMaintenance.Cloud.Agents.DemoDataCleaner.RequestId));
        var line = page.Locator("#decisions-table tbody tr").First;
        await Assertions.Expect(line.Locator("[data-subject]")).ToHaveTextAsync(ResourceFiles.English["Decisions.Request.DemoClear"]);
        await Assertions.Expect(line.Locator("[data-outcome]")).ToHaveTextAsync(ResourceFiles.English["Decisions.Outcome.Approve"]);
        await Assertions.Expect(line.Locator("[data-operator]")).ToHaveTextAsync(DashboardApp.Operator.User);
        await Assertions.Expect(line.Locator("[data-reason]")).ToContainTextAsync(ResourceFiles.English["Demo.Cleared"].Split('{')[0].Trim());

        // Shown or not, nothing of it is left on the pages.
        await page.GotoAsync($"/ui/DataExplorer?DeviceId={Device}&Period=1h");
        await Assertions.Expect(page.Locator("#explorer-empty")).ToBeVisibleAsync();
        await page.GotoAsync("/ui/Alerts");
        await Assertions.Expect(page.Locator($"tr[data-alert-id='{alert.Id}']")).ToHaveCountAsync(0);
    }
}
