using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Prediction;
using SmartMaintenance.Cloud.Agents.Reporting;
using SmartMaintenance.Cloud.Agents.Scheduling;
using SmartMaintenance.Dashboard.Tests.Resources;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// Reports as an operator uses them: a maintenance order on a fleet machine (made by the real scheduling agent), a
/// report generated on the Reports page for the last hour, opened from the page's notice: the readable view lists the
/// machine as needing attention with its order, draws its charts, and in print (A4 width, print media) leaves the
/// menu and buttons out and fits the page; the same report read in Portuguese and at phone width.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportJourneyTests(BrowserFixture fixture)
{
    /// <summary>A4's width at 96 dpi less the print margins (12 mm each side): what a printed line can hold.</summary>
    private const int A4PrintableWidthPx = 703;

    [Fact]
    public async Task Report_GeneratedOnThePage_OpensAsReadableChartedPrintableViewInBothLanguages()
    {
        var machine = "press-" + Guid.NewGuid().ToString("N")[..6];
        var now = DateTimeOffset.UtcNow;
        await fixture.App.Services.GetRequiredService<SchedulingAgent>().HandleAsync(new FailurePredicted(
            new EventMeta($"report-journey:{machine}", machine, $"report-journey:{machine}", now), machine + "-vib", "vibration", 0.9,
            null, null, null, now.AddDays(2), "report journey"), CancellationToken.None);

        var page = await fixture.NewPageAsync(DashboardApp.Operator);
        await page.GotoAsync("/ui/Reports");
        await page.FillAsync("#Hours", "1");
        await page.ClickAsync("#report-submit");
        await Assertions.Expect(page.Locator("#report-generated")).ToBeVisibleAsync();
        await page.ClickAsync("#report-open");
        await page.WaitForURLAsync(u => System.Text.RegularExpressions.Regex.IsMatch(u, "/ui/Reports/[0-9]+$"));
        var id = long.Parse(new Uri(page.Url).Segments[^1], CultureInfo.InvariantCulture);

        var en = CultureInfo.GetCultureInfo("en");
        await Assertions.Expect(page.Locator("#report-heading")).ToHaveTextAsync(string.Format(en, ResourceFiles.English["Report.Heading"], id.ToString("N0", en)));
        var row = page.Locator($"#report-fleet tr[data-device='{machine}']");
        await Assertions.Expect(row).ToContainTextAsync(ResourceFiles.English["Report.Health.attention"]);
        await Assertions.Expect(row.Locator("td").Nth(4)).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#report-counts")).ToContainTextAsync(ResourceFiles.English["Maintenance.Status.Scheduled"]);
        foreach (var chart in new[] { "#report-health-chart", "#report-status-chart" })
        {
            await Assertions.Expect(page.Locator(chart)).ToHaveAttributeAsync("data-rendered", "true");
        }

        await BrowserFixture.ScreenshotAsync(page, "report-en");

        // Print: A4's printable width, print media; no menu, top bar or buttons, nothing wider than the paper.
        await page.SetViewportSizeAsync(A4PrintableWidthPx, 1000);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("nav.side")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("header.top")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#report-print")).ToBeHiddenAsync();
        await Assertions.Expect(row).ToBeVisibleAsync();
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= A4PrintableWidthPx, $"the printed report is {width} px wide, wider than A4's {A4PrintableWidthPx} px");
        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true });
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        await File.WriteAllBytesAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, "report-en.pdf"), pdf);

        // The same report in Portuguese, and at phone width.
        var pt = CultureInfo.GetCultureInfo("pt-BR");
        var phone = await fixture.NewPageAsync(DashboardApp.Viewer, "pt-BR", phone: true);
        await phone.GotoAsync($"/ui/Reports/{id}");
        await Assertions.Expect(phone.Locator("#report-heading")).ToHaveTextAsync(string.Format(pt, ResourceFiles.Portuguese["Report.Heading"], id.ToString("N0", pt)));
        await Assertions.Expect(phone.Locator($"#report-fleet tr[data-device='{machine}']")).ToContainTextAsync(ResourceFiles.Portuguese["Report.Health.attention"]);
        await Assertions.Expect(phone.Locator("#report-counts")).ToContainTextAsync(ResourceFiles.Portuguese["Maintenance.Status.Scheduled"]);
        await Assertions.Expect(phone.Locator("#report-health-chart")).ToHaveAttributeAsync("data-rendered", "true");
        var phoneWidth = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(phoneWidth <= 390, $"the report is {phoneWidth} px wide at phone width");
        // No table scrolls sideways inside its frame either (the page width alone missed the counts table doing so):
        // each row is a card, and a number is on screen with its label beside it.
        foreach (var table in new[] { "#report-counts", "#report-fleet" })
        {
            var overflow = await phone.Locator(table).EvaluateAsync<int>("t => t.parentElement.scrollWidth - t.parentElement.clientWidth");
            Assert.True(overflow <= 0, $"{table} scrolls sideways by {overflow} px at phone width");
        }

        var scheduledLabel = ResourceFiles.Portuguese["Maintenance.Status.Scheduled"];
        var scheduled = phone.Locator($"#report-counts tbody tr:has(td:nth-child(2):text-is('{scheduledLabel}')) td[data-count]");
        await Assertions.Expect(scheduled).ToBeVisibleAsync();
        Assert.Matches(@"^[1-9][0-9.]*$", await scheduled.InnerTextAsync());
        var box = (await scheduled.BoundingBoxAsync())!;
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"the count is at {box.X}-{box.X + box.Width} px, outside a 390 px screen");
        Assert.Equal($"\"{ResourceFiles.Portuguese["Report.Count"]}\"",
            await scheduled.EvaluateAsync<string>("td => getComputedStyle(td, '::before').content"));
        await BrowserFixture.ScreenshotAsync(phone, "report-phone-pt-BR");
        await phone.SetViewportSizeAsync(1280, 900);
        await BrowserFixture.ScreenshotAsync(phone, "report-pt-BR");
    }

    [Fact]
    public async Task FleetReport_DemoPredictionsLeftOut_PageShowsTheFleetsPredictionStatistics()
    {
        // A day of its own, long ago (other journeys' predictions are in the last hour): one prediction on a fleet machine,
        // one on the simulator's device (demo site) and one from a Golden Path run, as the prediction agent stores them.
        var day = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var machine = "mill-" + Guid.NewGuid().ToString("N")[..6];
        var store = fixture.App.Services.GetRequiredService<IPredictionStore>();
        var predictions = new[] { (machine, "report-demo:" + machine, 0.25), ("simulator", "sim-" + machine, 1.0), ("golden-press", "golden-path:" + machine, 0.95) };
        foreach (var (device, correlation, risk) in predictions)
        {
            await store.AddAsync(new FailurePredicted(new EventMeta($"report-demo:{device}:{machine}", device, correlation, day.AddHours(3)),
                device + "-ai4i", "ai4i", risk, risk, null, "1", null, "report demo journey"), CancellationToken.None);
        }

        var report = await fixture.App.Services.GetRequiredService<ReportService>().GenerateAsync(day, day.AddDays(1), "report-demo:" + machine, "fleet",
            CancellationToken.None);

        var page = await fixture.NewPageAsync(DashboardApp.Viewer, "pt-BR");
        await page.GotoAsync($"/ui/Reports/{report!.Id}");
        var pt = CultureInfo.GetCultureInfo("pt-BR");
        await Assertions.Expect(page.Locator("#report-predictions")).ToHaveTextAsync(
            string.Format(pt, ResourceFiles.Portuguese["Report.PredictionsValue"], 1.ToString("N0", pt), 0.25.ToString("P1", pt)));
        await Assertions.Expect(page.Locator("#report-fleet tr[data-device='simulator']")).ToHaveCountAsync(0);
    }
}
