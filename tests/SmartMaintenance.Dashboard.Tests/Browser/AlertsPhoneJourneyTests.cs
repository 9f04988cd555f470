using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Dashboard.Tests.Resources;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// The Alerts page on a phone (390 x 844): each alert is a card, its severity on screen without scrolling sideways,
/// even with a long evidence list.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AlertsPhoneJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Alerts_PhoneWidthInPortuguese_RowsAreCardsWithSeverityOnScreen()
    {
        var device = "phone-" + Guid.NewGuid().ToString("N")[..6];
        var sensor = device + "-vibration-bearing-drive-end";
        var at = DateTimeOffset.UtcNow.AddMinutes(-2);
        var evidence = Enumerable.Range(0, 7).Select(i => new DetectorEvidence(i % 2 == 0 ? "zscore" : "iforest", 4.0 + i, 3.0,
            "a long detector explanation that would make a table row wide on a phone " + i)).ToList();
        await fixture.App.Services.GetRequiredService<IAnomalyStore>().AddAsync(new AnomalyDetected(
            new EventMeta("phone-" + device, device, "corr-" + device, at),
            new SensorReading(1, device, sensor, "vibration", "mm/s", "reading", 12.345, at, "corr-" + device),
            0.97, AnomalySeverity.Critical, evidence, []), CancellationToken.None);

        var page = await fixture.NewPageAsync(DashboardApp.Viewer, "pt-BR", phone: true);
        await page.GotoAsync("/ui/Alerts");
        var card = page.Locator($"#alerts-table tr[data-alert-id]", new() { HasText = sensor });
        await Assertions.Expect(card).ToHaveCountAsync(1);

        // A card: the row is a block as wide as the screen, the header row hidden, each cell labelled.
        Assert.Equal("block", await card.EvaluateAsync<string>("e => getComputedStyle(e).display"));
        await Assertions.Expect(card.Locator("td[data-severity]")).ToHaveAttributeAsync("data-label", ResourceFiles.Portuguese["Alerts.Severity"]);
        var severity = card.Locator("td[data-severity] .badge");
        await Assertions.Expect(severity).ToHaveTextAsync(ResourceFiles.Portuguese["Alerts.Severity.Critical"]);
        var box = await severity.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"severity at x {box.X} width {box.Width}, off a 390 px screen");
        var cardBox = await card.BoundingBoxAsync();
        Assert.True(cardBox!.X + cardBox.Width <= 390, $"card {cardBox.X} + {cardBox.Width} wider than the screen");

        // Nothing scrolls sideways: not the page, not the table's wrapper.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the page scrolls sideways at 390 px");
        Assert.True(await page.EvaluateAsync<bool>("() => { const w = document.querySelector('#alerts-region .table-wrap'); return w.scrollWidth <= w.clientWidth; }"),
            "the alerts table scrolls sideways at 390 px");
        await BrowserFixture.ScreenshotAsync(page, "Alerts-phone-pt-BR");
    }
}
