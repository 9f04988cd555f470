using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Ml.Artifacts;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Retraining;
using SmartMaintenance.Cloud.Ml.Tests.Support;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Tests.Retraining;

public sealed class RetrainingServiceTests : IDisposable
{
    private static readonly TrainingOptions Weak = SmallModel.Options with { Trees = 3, Leaves = 2 };

    private readonly string _folder = SmallModel.TempFolder();
    private readonly ModelRegistry _registry;

    public RetrainingServiceTests() =>
        _registry = new ModelRegistry(new FileModelRegistryStore(Path.Combine(_folder, "registry.json")),
            new FolderArtifactStore(Path.Combine(_folder, "artifacts")), new FakeTimeProvider());

    private RetrainingService Service(double margin) => new(_registry, new RetrainingOptions { Metric = "f1", Margin = margin }, new FakeTimeProvider());

    private int Artifacts => Directory.GetFiles(Path.Combine(_folder, "artifacts"), "*.zip", SearchOption.AllDirectories).Length;

    [Fact]
    public async Task RetrainAsync_NoChampion_PromotesTheChallengerWithItsOptions()
    {
        var d = await Service(0.005).RetrainAsync("m", "first", SmallModel.Data, [SmallModel.Options], null, default);

        Assert.True(d.Promoted);
        Assert.Null(d.ChampionVersion);
        var production = (await _registry.ResolveAsync("m", "auto", default))!;
        Assert.Equal(1, production.Version);
        Assert.True(production.Options!.SameAs(SmallModel.Options));
    }

    [Fact]
    public async Task RetrainAsync_SameConfigurationSameData_NotTrainedNothingStoredDecisionRecorded()
    {
        await Service(0).RetrainAsync("m", "first", SmallModel.Data, [SmallModel.Options], null, default);

        var d = await Service(0).RetrainAsync("m", "drift on dev-1/t-1", SmallModel.Data, [SmallModel.Options], null, default);

        Assert.False(d.Promoted);
        Assert.Null(d.ChallengerVersion);
        Assert.Null(d.ChallengerMetrics);
        Assert.StartsWith("not trained", d.Explanation);
        Assert.Single(await _registry.ListAsync("m", default));
        Assert.Equal(1, Artifacts);
        Assert.Equal(["first", "drift on dev-1/t-1"], (await _registry.DecisionsAsync(default)).Select(x => x.Reason));
    }

    [Fact]
    public async Task RetrainAsync_ChallengerNotBetterByMargin_KeepsChampionStoresNoArtifactRecordsBothMetrics()
    {
        await Service(0).RetrainAsync("m", "first", SmallModel.Data, [SmallModel.Options], null, default);

        // A weaker configuration cannot beat the champion's on the same folds.
        var d = await Service(0.005).RetrainAsync("m", "on demand", SmallModel.Data, [Weak], null, default);

        Assert.False(d.Promoted, d.Explanation);
        Assert.Equal(1, d.ChampionVersion);
        Assert.Null(d.ChallengerVersion);
        Assert.NotNull(d.ChampionMetrics);
        Assert.NotNull(d.ChallengerMetrics);
        Assert.Contains("same 3-fold x seeds 7 held-out folds", d.Comparison);
        Assert.Single(await _registry.ListAsync("m", default));
        Assert.Equal(1, Artifacts);
    }

    [Fact]
    public async Task RetrainAsync_ChampionStoredMetricsInflated_ComparesOnTheSameFoldsNotTheStoredNumbers()
    {
        // The champion's entry claims perfect metrics; re-scored on the challenger's folds, its weak configuration loses.
        var weak = ModelTrainer.TrainAndEvaluate(SmallModel.Data, Weak).Model;
        var inflated = weak.Manifest.Metrics with { F1 = 1, PrAuc = 1, RocAuc = 1 };
        var champion = await _registry.RegisterAsync("m", new TrainedModel(weak.Context, weak.Failure, weak.Modes, weak.Manifest with { Metrics = inflated }), default);
        await _registry.PromoteAsync("m", champion.Version, default);

        var d = await Service(0.005).RetrainAsync("m", "on demand", SmallModel.Data, [SmallModel.Options], null, default);

        var sameFolds = new CrossValidator(Weak).Run(SmallModel.Data).Summary();
        Assert.True(d.Promoted, d.Explanation);
        Assert.Equal(sameFolds, d.ChampionMetrics);
        Assert.Equal(inflated, d.ChampionStoredMetrics);
        Assert.Equal([ModelStage.Archived, ModelStage.Production], (await _registry.ListAsync("m", default)).Select(v => v.Stage));
    }

    [Fact]
    public async Task RetrainAsync_SameSearchDecidedBefore_NotTrainedTheSecondTime()
    {
        await Service(0.005).RetrainAsync("m", "first", SmallModel.Data, [SmallModel.Options], null, default);
        var first = await Service(0.005).RetrainAsync("m", "search", SmallModel.Data, [Weak, SmallModel.Options with { Trees = 10 }], null, default);

        var again = await Service(0.005).RetrainAsync("m", "search again", SmallModel.Data, [Weak, SmallModel.Options with { Trees = 10 }], null, default);

        Assert.NotNull(first.ChallengerMetrics);
        Assert.StartsWith("not trained", again.Explanation);
        Assert.Contains("already decided", again.Explanation);
    }

    /// <summary>The registry folder of this test (xunit makes one instance per test).</summary>
    public void Dispose() => SmartMaintenance.TestSupport.TempFolders.Delete(_folder);
}
