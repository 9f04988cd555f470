using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Ml;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Training;
using SmartMaintenance.Dashboard.Tests.Resources;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// The Models page's form as an admin uses it: a second version of the failure model is registered (trained for real
/// on 2,500 AI4I rows, a few seconds); the admin promotes it with a reason, the page shows it in production and the
/// registry agrees; then rolls back to the version before, with a reason, and the decision record says rollback. The
/// host ends with its first model in production again, as the other journeys expect.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ModelsJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Models_PromoteThenRollBackOnThePage_ProductionVersionFollows()
    {
        await fixture.WaitForProductionModelAsync();
        var registry = fixture.App.Services.GetRequiredService<ModelRegistry>();
        var name = fixture.App.Services.GetRequiredService<IOptions<MlOptions>>().Value.ModelName;
        var before = (await registry.ListAsync(name, CancellationToken.None)).Single(v => v.Stage == ModelStage.Production);
        var options = new TrainingOptions
        {
            Trainer = TrainerKind.FastTree, Trees = 20, Leaves = 8, MinimumExamplesPerLeaf = 5, LearningRate = 0.2, Folds = 3,
            Seeds = [7], ModeTrees = 10,
        };
        var (model, _) = ModelTrainer.TrainAndEvaluate(Ai4iCsvLoader.Load(Ai4iCsvLoader.DefaultPath).Subsample(2500, seed: 5), options);
        var candidate = await registry.RegisterAsync(name, model, CancellationToken.None);

        var page = await fixture.NewPageAsync(DashboardApp.Admin);
        await page.GotoAsync("/ui/Models");
        var row = page.Locator($"#models-table tr[data-model='{name}'][data-version='{candidate.Version}']");
        await Assertions.Expect(row).Not.ToHaveAttributeAsync("data-stage", nameof(ModelStage.Production));
        await Assertions.Expect(row.Locator("button")).ToHaveTextAsync(ResourceFiles.English["Models.Promote"]);
        await row.Locator("input[name=Reason]").FillAsync("Smaller model, faster on the edge");
        await row.Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator("#model-promoted")).ToContainTextAsync($"{name} v{candidate.Version}");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-stage", nameof(ModelStage.Production));
        Assert.Equal(candidate.Version, (await registry.ListAsync(name, CancellationToken.None)).Single(v => v.Stage == ModelStage.Production).Version);
        await BrowserFixture.ScreenshotAsync(page, "models-promoted-en");

        // Roll back: the older version's button says so, and the decision record too.
        var previous = page.Locator($"#models-table tr[data-model='{name}'][data-version='{before.Version}']");
        await Assertions.Expect(previous.Locator("button")).ToHaveTextAsync(ResourceFiles.English["Models.Rollback"]);
        await previous.Locator("input[name=Reason]").FillAsync("Recall dropped on the line");
        await previous.Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator("#model-promoted")).ToContainTextAsync($"{name} v{before.Version}");
        await Assertions.Expect(previous).ToHaveAttributeAsync("data-stage", nameof(ModelStage.Production));
        await Assertions.Expect(row).Not.ToHaveAttributeAsync("data-stage", nameof(ModelStage.Production));
        var record = page.Locator($"#models-decisions tr[data-model='{name}'][data-to='{before.Version}'][data-rollback='true']").First;
        await Assertions.Expect(record).ToContainTextAsync("Recall dropped on the line");
        await Assertions.Expect(record).ToContainTextAsync(DashboardApp.Admin.User);
        Assert.Equal(before.Version, (await registry.ListAsync(name, CancellationToken.None)).Single(v => v.Stage == ModelStage.Production).Version);
    }
}
