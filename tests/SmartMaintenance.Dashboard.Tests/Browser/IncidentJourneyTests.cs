using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Cloud.Agents.Simulation;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// The incident lifecycle as an operator works it: a simulated fault travels the real pipeline (reading store,
/// validation, machine detector, incident rule) and appears in the queue with its evidence; the operator acknowledges
/// it, resolves it as maintenance done with a note, and both steps are in the Decision Log under their name.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IncidentJourneyTests(BrowserFixture fixture)
{
    private async Task<MachineIncident> IncidentOfAsync(string device)
    {
        await fixture.App.Services.GetRequiredService<Simulator>().RunAsync(SimulationKind.Anomaly,
            new SimulationRequest(DeviceId: device, SensorType: "temperature", Count: 60, Anomalies: 1, Seed: 3), CancellationToken.None);
        var store = fixture.App.Services.GetRequiredService<IIncidentStore>();
        var page = await Eventually.WaitForAsync(() => store.ListAsync(new IncidentFilter(MachineId: device), CancellationToken.None),
            p => p.Items.Count > 0, TimeSpan.FromSeconds(60), $"an incident on {device}");
        return Assert.Single(page.Items);
    }

    [Fact]
    public async Task Incident_AcknowledgedThenResolved_StepsInTheDecisionLog()
    {
        var device = "mill-" + Guid.NewGuid().ToString("N")[..6];
        var incident = await IncidentOfAsync(device);
        var note = "Replaced the thermocouple " + Guid.NewGuid().ToString("N")[..6];

        var page = await fixture.NewPageAsync(DashboardApp.Operator);

        await fixture.ShowDemoDataAsync(page); // the simulated machines are in the demo site
        await page.GotoAsync($"/ui/Incidents?Machine={device}");
        var card = page.Locator($"[data-incident-id='{incident.Id}']");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card.Locator("[data-severity]")).ToHaveTextAsync(incident.Severity.ToString().ToLowerInvariant());
        await Assertions.Expect(card.Locator("[data-evidence]")).ToContainTextAsync($"{incident.Top!.SensorId}: ");
        await Assertions.Expect(card.Locator("[data-evidence]")).ToContainTextAsync(" C ("); // the value's unit
        var trend = await card.Locator("[data-trend-link]").GetAttributeAsync("href");
        Assert.StartsWith($"/ui/DataExplorer?DeviceId={device}&SensorId={incident.Top.SensorId}&From=", trend);
        await BrowserFixture.ScreenshotAsync(page, "incidents-en");

        await card.Locator("[data-acknowledge] button").ClickAsync();
        await Assertions.Expect(page.Locator("#incident-outcome")).ToHaveAttributeAsync("data-incident-id", incident.Id.ToString(CultureInfo.InvariantCulture));
        await page.GotoAsync($"/ui/Incidents?Machine={device}");
        await Assertions.Expect(card.Locator("[data-state-label]")).ToHaveTextAsync("acknowledged");
        await Assertions.Expect(card.Locator("[data-acknowledge]")).ToHaveCountAsync(0);

        await card.Locator("[data-resolve-panel] summary").ClickAsync();
        await card.Locator("[data-resolve] select[name=Reason]").SelectOptionAsync("MaintenanceDone");
        await card.Locator("[data-resolve] textarea").FillAsync(note);
        await card.Locator("[data-resolve] button").ClickAsync();
        await Assertions.Expect(page.Locator("#incident-outcome")).ToContainTextAsync("resolved");

        // Resolved incidents leave the default queue (what needs people) and stay findable.
        await page.GotoAsync($"/ui/Incidents?Machine={device}");
        await Assertions.Expect(card).ToHaveCountAsync(0);
        await page.GotoAsync($"/ui/Incidents?Machine={device}&State=resolved");
        await Assertions.Expect(card.Locator("[data-resolved]")).ToContainTextAsync($"Maintenance done: {note}");

        await page.GotoAsync("/ui/Decisions");
        var steps = page.Locator("#decisions-table tbody tr", new() { HasText = $"Incident #{incident.Id:N0}" });
        await Assertions.Expect(steps).ToHaveCountAsync(2);
        await Assertions.Expect(steps.Filter(new() { HasText = note })).ToContainTextAsync("Resolve");
        await Assertions.Expect(steps.Filter(new() { HasText = note })).ToContainTextAsync(DashboardApp.Operator.User);
        await Assertions.Expect(steps.Filter(new() { HasText = "Incident acknowledged" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Incidents_PhoneWidthInPortuguese_CardFitsTheScreenViewerCannotAct()
    {
        var device = "lathe-" + Guid.NewGuid().ToString("N")[..6];
        var incident = await IncidentOfAsync(device);

        var page = await fixture.NewPageAsync(DashboardApp.Viewer, "pt-BR", phone: true);

        await fixture.ShowDemoDataAsync(page); // the simulated machines are in the demo site
        await page.GotoAsync($"/ui/Incidents?Machine={device}");

        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Incidentes");
        var card = page.Locator($"[data-incident-id='{incident.Id}']");
        await Assertions.Expect(card.Locator("[data-state-label]")).ToHaveTextAsync("aberto");
        var badge = await card.Locator("[data-severity]").BoundingBoxAsync();
        var box = await card.BoundingBoxAsync();
        Assert.True(badge!.X + badge.Width <= 390 && box!.X + box.Width <= 390, $"badge at {badge.X}+{badge.Width}, card at {box!.X}+{box.Width}");
        await Assertions.Expect(card.Locator("[data-resolve]")).ToHaveCountAsync(0); // a viewer sees, an operator acts
        await Assertions.Expect(card.Locator("[data-acknowledge]")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "incidents-phone-pt-BR");
    }
}
