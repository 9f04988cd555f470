using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Agents.Events;
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

        await BrowserFixture.ScreenshotAsync(page, "Report-en");

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
        await File.WriteAllBytesAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, "Report-en.pdf"), pdf);

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
        await BrowserFixture.ScreenshotAsync(phone, "Report-phone-pt-BR");
        await phone.SetViewportSizeAsync(1280, 900);
        await BrowserFixture.ScreenshotAsync(phone, "Report-pt-BR");
    }
}
