using Microsoft.Playwright;
using SmartMaintenance.Cloud.Dashboard;
using SmartMaintenance.Dashboard.Tests.Resources;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// Journey 5: after switching to Português every page shows its Portuguese title and help, and numbers use the
/// pt-BR format. Walking every page in both languages also saves the screenshots (TestResults/dashboard-screenshots).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LanguageJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task LanguageSwitch_ToPortuguese_TranslatesEveryPageAndNumbers()
    {
        var page = await fixture.NewPageAsync(DashboardApp.Admin, "en-US");
        await page.GotoAsync("/ui");
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync(ResourceFiles.English["Index.Title"]);
        await WalkEveryPageAsync(page, ResourceFiles.English, "en");

        await page.GotoAsync("/ui/System");
        await page.SelectOptionAsync("#lang-select", "pt-BR");
        await page.ClickAsync("#lang-apply");
        // The page is already at /ui/System, so waiting for that URL would match the old document and race the
        // form post (it timed out in CI once). The new document's lang attribute is what the switch changes; the
        // web-first assertion retries until it appears, then the redirect must have brought us back.
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "pt-BR");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/ui/System$"));

        await WalkEveryPageAsync(page, ResourceFiles.Portuguese, "pt-BR");

        // Numbers: typed the Brazilian way and shown the Brazilian way.
        var sensor = "PT_" + Guid.NewGuid().ToString("N")[..8];
        await page.GotoAsync("/ui/Ingest");
        await page.FillAsync("#SensorId", sensor);
        // A torque (plausible up to 10,000 Nm, shown with one decimal): a number with a thousands separator.
        await page.FillAsync("#Value", "1234,5");
        await page.FillAsync("#SensorType", "torque");
        await page.FillAsync("#Unit", "Nm");
        await page.ClickAsync("#ingest-submit");
        await Assertions.Expect(page.Locator("#ingest-result")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#result-latency")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+,\d ms$"));
        await page.ClickAsync("#result-explore");
        await Assertions.Expect(page.Locator("#explorer-table tbody tr", new() { HasText = sensor })).ToContainTextAsync("1.234,5");
        await BrowserFixture.ScreenshotAsync(page, "data-explorer-pt-BR");
    }

    [Fact]
    public async Task AcceptLanguage_Portuguese_IsTheDefaultWithoutACookie()
    {
        var page = await fixture.NewPageAsync(null, "pt-BR");

        await page.GotoAsync("/ui/Account/SignIn");

        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync(ResourceFiles.Portuguese["SignIn.Title"]);
        await BrowserFixture.ScreenshotAsync(page, "SignIn-pt-BR");
    }

    [Fact]
    public async Task Overview_PhoneWidth_KeepsMenuAndContentReachable()
    {
        var page = await fixture.NewPageAsync(DashboardApp.Operator, "pt-BR", phone: true);

        await page.GotoAsync("/ui");

        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page scrolls sideways at phone width ({width} px)");
        // The menu folds behind one button at phone width; one tap opens it.
        await Assertions.Expect(page.Locator("#nav-Decisions")).ToBeHiddenAsync();
        await page.ClickAsync("#menu-toggle");
        await Assertions.Expect(page.Locator("#menu-toggle")).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(page.Locator("#nav-Decisions")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "overview-phone-pt-BR");

        // A wide table becomes cards: each value beside its label, nothing scrolls sideways.
        await page.ClickAsync("#nav-Maintenance");
        var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(pageWidth <= 390, $"the maintenance page scrolls sideways at phone width ({pageWidth} px)");
        if (await page.Locator("#orders-table").CountAsync() > 0)
        {
            var tableWidth = await page.EvaluateAsync<int>("() => document.getElementById('orders-table').scrollWidth");
            Assert.True(tableWidth <= 390, $"the orders table is {tableWidth} px wide at phone width");
        }

        await BrowserFixture.ScreenshotAsync(page, "maintenance-phone-pt-BR");
    }

    /// <summary>
    /// The walk's screenshot of a menu page with its help open: "menu-data-explorer-pt-BR". The prefix keeps them apart from
    /// the journeys' screenshots of the same pages with their data ("data-explorer-en"), which docs/screenshots shows.
    /// </summary>
    public static string MenuScreenshotName(string page, string culture) =>
        "menu-" + System.Text.RegularExpressions.Regex.Replace(page, "(?<=[a-z])([A-Z])", "-$1").ToLowerInvariant() + "-" + culture;

    private static async Task WalkEveryPageAsync(IPage page, IReadOnlyDictionary<string, string> text, string culture)
    {
        foreach (var item in DashboardNavigation.Items)
        {
            await page.GotoAsync("/ui/" + item.Path);
            await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync(text[item.Page + ".Title"]);
            await page.ClickAsync("#page-help summary");
            await Assertions.Expect(page.Locator("#page-help .help-body p").First).ToHaveTextAsync(ResourceFiles.FirstParagraph(text[item.Page + ".Help"]));
            await BrowserFixture.ScreenshotAsync(page, MenuScreenshotName(item.Page, culture));
            await page.ClickAsync("#page-help summary");
        }
    }
}
