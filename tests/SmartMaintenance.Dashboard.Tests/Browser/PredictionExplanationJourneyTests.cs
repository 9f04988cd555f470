using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Rul;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// Issue 17 on the pages: the Prediction page shows a calibrated probability whose explanation adds up (base value +
/// contributions = its log-odds) for a chosen model version, and a test engine's RUL with an interval; the Models page
/// promotes with a reason and keeps a decision record.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PredictionExplanationJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Prediction_ChosenVersion_ExplanationSumsToTheShownProbability()
    {
        await fixture.WaitForProductionModelAsync();
        var page = await fixture.NewPageAsync(DashboardApp.Operator);
        await page.GotoAsync("/ui/Prediction");
        await page.FillAsync("#RotationalSpeedRpm", "1250");
        await page.FillAsync("#TorqueNm", "72");
        await page.FillAsync("#ToolWearMin", "230");
        await page.SelectOptionAsync("#prediction-model-version", "1");

        await page.ClickAsync("#predict-submit");

        await Assertions.Expect(page.Locator("#prediction-calibrated")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#prediction-chart[data-rendered=true]")).ToHaveCountAsync(1);
        var baseValue = Number(await page.Locator("#prediction-contributions [data-base]").GetAttributeAsync("data-base"));
        var contributions = await page.Locator("#prediction-contributions tr[data-contribution]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.contribution)");
        Assert.Equal(16, contributions.Length);
        var logOdds = baseValue + contributions.Sum(Number);
        var shown = Number((await page.Locator("#prediction-probability").InnerTextAsync()).TrimEnd('%', ' ')) / 100;
        // The page shows the probability to 0.1 %: compare there.
        Assert.Equal(shown, Math.Round(1 / (1 + Math.Exp(-logOdds)), 3), 3);
        await Assertions.Expect(page.Locator("#prediction-model-version")).ToHaveValueAsync("1");
        await BrowserFixture.ScreenshotAsync(page, "Prediction-explanation-en");
    }

    [Fact]
    public async Task Prediction_TestEngine_ShowsRulWithItsInterval()
    {
        await WaitForRulModelAsync();
        var page = await fixture.NewPageAsync(DashboardApp.Viewer);
        await page.GotoAsync("/ui/Prediction");
        await Assertions.Expect(page.Locator("#rul-applicability")).ToBeVisibleAsync();
        await page.SelectOptionAsync("#rul-engine", "31");

        await page.ClickAsync("#rul-submit");

        await Assertions.Expect(page.Locator("#rul-result")).ToBeVisibleAsync();
        var estimate = Number(await page.Locator("#rul-estimate").InnerTextAsync());
        var interval = (await page.Locator("#rul-interval").InnerTextAsync()).Split('–', StringSplitOptions.TrimEntries).Select(Number).ToArray();
        Assert.True(interval[0] <= estimate && estimate <= interval[1], $"{interval[0]} <= {estimate} <= {interval[1]}");
        Assert.True(interval[1] > interval[0]);
        await BrowserFixture.ScreenshotAsync(page, "Prediction-rul-en");
    }

    [Fact]
    public async Task Models_PromoteWithReason_IsInTheDecisionRecord()
    {
        await fixture.WaitForProductionModelAsync();
        var page = await fixture.NewPageAsync(DashboardApp.Admin);
        await page.GotoAsync("/ui/Models");
        var rows = page.Locator("#models-table tbody tr[data-model=ai4i-failure]");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        await Assertions.Expect(rows.First.Locator(".changes")).Not.ToBeEmptyAsync();
        var registry = fixture.App.Services.GetRequiredService<ModelRegistry>();
        var production = (await registry.ListAsync("ai4i-failure", CancellationToken.None)).Single(v => v.Stage == ModelStage.Production);
        // A second version of the same artifact, staged, so there is something to promote.
        var bytes = await registry.LoadBytesAsync(production, CancellationToken.None);
        var staged = await registry.RegisterAsync("ai4i-failure", bytes, a => production with { Version = a.Version, Stage = ModelStage.Staging, ArtifactUri = a.Uri, ArtifactSha256 = a.Sha256 }, CancellationToken.None);
        await page.ReloadAsync();
        var row = page.Locator($"#models-table tbody tr[data-model=ai4i-failure][data-version='{staged.Version}']");

        await row.Locator("input[name=Reason]").FillAsync("same model, testing the decision record");
        await row.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#model-promoted")).ToBeVisibleAsync();
        var record = page.Locator($"#models-decisions tr[data-to='{staged.Version}']");
        await Assertions.Expect(record).ToContainTextAsync("same model, testing the decision record");
        await Assertions.Expect(record).ToContainTextAsync(DashboardApp.Admin.User);

        // And back: promoting the older version is a rollback, recorded as such.
        var back = page.Locator($"#models-table tbody tr[data-model=ai4i-failure][data-version='{production.Version}']");
        await back.Locator("input[name=Reason]").FillAsync("roll back");
        await back.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator($"#models-decisions tr[data-to='{production.Version}'][data-rollback=true]")).ToHaveCountAsync(1);
    }

    private Task WaitForRulModelAsync()
    {
        var registry = fixture.App.Services.GetRequiredService<ModelRegistry>();
        return Eventually.WaitForAsync(async () => await registry.ResolveAsync(RulRegistration.DefaultName, ModelRegistry.Auto, CancellationToken.None) is not null,
            ready => ready, TimeSpan.FromSeconds(240), "the RUL model to be trained and promoted on first start");
    }

    private static double Number(string? text) => double.Parse(text!.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);
}
