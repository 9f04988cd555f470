using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Ml.Artifacts;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Retraining;
using SmartMaintenance.Cloud.Ml.Tests.Support;

namespace SmartMaintenance.Cloud.Ml.Tests.Retraining;

public sealed class RetrainingServiceTests
{
    private readonly string _folder = SmallModel.TempFolder();
    private readonly ModelRegistry _registry;

    public RetrainingServiceTests() =>
        _registry = new ModelRegistry(new FileModelRegistryStore(Path.Combine(_folder, "registry.json")),
            new FolderArtifactStore(Path.Combine(_folder, "artifacts")), new FakeTimeProvider());

    private RetrainingService Service(double margin) => new(_registry, new RetrainingOptions { Metric = "prAuc", Margin = margin }, new FakeTimeProvider());

    [Fact]
    public async Task RetrainAsync_NoChampion_PromotesTheChallenger()
    {
        var d = await Service(0.005).RetrainAsync("m", "first", SmallModel.Data, SmallModel.Options, null, default);

        Assert.True(d.Promoted);
        Assert.Null(d.ChampionVersion);
        Assert.Equal(1, (await _registry.ResolveAsync("m", "auto", default))!.Version);
    }

    [Fact]
    public async Task RetrainAsync_ChallengerNotBetterByMargin_KeepsChampionAndRecordsBothMetrics()
    {
        await Service(0).RetrainAsync("m", "first", SmallModel.Data, SmallModel.Options, null, default);

        // Same data and options give the same metrics: no challenger can beat the champion by a whole point.
        var d = await Service(0.01).RetrainAsync("m", "drift on sensor t-1", SmallModel.Data, SmallModel.Options, null, default);

        Assert.False(d.Promoted);
        Assert.Equal(1, d.ChampionVersion);
        Assert.Equal(2, d.ChallengerVersion);
        Assert.NotNull(d.ChampionMetrics);
        Assert.Equal(d.ChampionMetrics!.PrAuc, d.ChallengerMetrics.PrAuc);
        Assert.Equal(1, (await _registry.ResolveAsync("m", "auto", default))!.Version);
        Assert.Equal(ModelStage.Staging, (await _registry.ListAsync("m", default))[1].Stage);
        Assert.Equal(["first", "drift on sensor t-1"], (await _registry.DecisionsAsync(default)).Select(x => x.Reason));
    }

    [Fact]
    public async Task RetrainAsync_ChallengerBetterByMargin_IsPromotedAndChampionArchived()
    {
        await Service(0).RetrainAsync("m", "first", SmallModel.Data, SmallModel.Options with { Trees = 3, Leaves = 2 }, null, default);

        var d = await Service(0.005).RetrainAsync("m", "on demand", SmallModel.Data, SmallModel.Options, null, default);

        Assert.True(d.Promoted, d.Explanation);
        Assert.True(d.ChallengerMetrics.PrAuc >= d.ChampionMetrics!.PrAuc + 0.005);
        Assert.Equal([ModelStage.Archived, ModelStage.Production], (await _registry.ListAsync("m", default)).Select(v => v.Stage));
    }
}
