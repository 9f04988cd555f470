using System.Globalization;
using SmartMaintenance.Cloud.Ml.Artifacts;
using SmartMaintenance.Cloud.Ml.Card;
using SmartMaintenance.Cloud.Ml.Cli;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Tests.Support;
using SmartMaintenance.Cloud.Ml.Training;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Ml.Tests.Cli;

/// <summary>The train command on a reduced setting (one candidate, one seed): the card carries what it computed.</summary>
public sealed class TrainCommandTests
{
    [Fact]
    public async Task RunAsync_OneCandidateOneSeedWithRegistry_CardHasTheRegisteredMetricsBaselineAndRegistration()
    {
        using var temp = new TempFolder("sm-ml-");
        var folder = temp.Path;
        var card = Path.Combine(folder, "card.md");
        var registryFolder = Path.Combine(folder, "ml");
        using var output = new StringWriter();

        var exit = await TrainCommand.RunAsync(["train", "--candidates", "LightGbm", "--seeds", "11", "--card", card, "--registry", registryFolder],
            output, TextWriter.Null);

        Assert.Equal(0, exit);
        var text = await File.ReadAllTextAsync(card);
        var registry = new ModelRegistry(new FileModelRegistryStore(Path.Combine(registryFolder, "registry.json")),
            new FolderArtifactStore(Path.Combine(registryFolder, "artifacts")), TimeProvider.System);
        var v = Assert.Single(await registry.ListAsync("ai4i-failure", default));
        var c = CultureInfo.InvariantCulture;
        Assert.Equal(ModelStage.Production, v.Stage);
        Assert.Contains(string.Create(c, $"| F1 | {v.Metrics.F1:F3} ± {v.Metrics.F1StdDev:F3}"), text);
        Assert.Contains(string.Create(c, $"| ROC-AUC | {v.Metrics.RocAuc:F3} ±"), text);
        Assert.Contains(string.Create(c, $"Threshold of the registered model: {v.Metrics.Threshold:F3}"), text);
        Assert.Contains("## Registration", text);
        Assert.Contains($"version {v.Version}", text);
        Assert.Contains(v.ArtifactSha256, text);
        Assert.Contains("## The baseline the cloud trains on first start", text);
        Assert.Contains("did not use the cloud's seeds", text);
        var data = SmallModel.FullData;
        Assert.Contains(string.Create(c, $"is {100.0 * (data.Rows.Count - data.Failures) / data.Rows.Count:F2}% accurate"), text);
    }

    [Fact]
    public async Task RunAsync_UnknownMetric_Is2WithMessage()
    {
        using var error = new StringWriter();

        var exit = await TrainCommand.RunAsync(["train", "--metric", "accuracy"], TextWriter.Null, error);

        Assert.Equal(2, exit);
        Assert.Contains("--metric must be f1, prAuc or rocAuc", error.ToString());
    }

    [Fact]
    public void Write_WithoutRegistration_NoRegistrationSectionAndMajorityAccuracyFromTheData()
    {
        var data = SmallModel.Data;
        var report = SmallModel.Report;

        var text = ModelCardWriter.Write(new ModelCardRun(data, [report], report, "f1", report, BaselineIsTheClouds: true, "train", DateTimeOffset.UnixEpoch,
            TimeSpan.FromSeconds(1), Registered: null));

        Assert.DoesNotContain("## Registration", text);
        Assert.Contains("holds these same means and this threshold", text);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"is {100.0 * (data.Rows.Count - data.Failures) / data.Rows.Count:F2}% accurate"), text);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Threshold: {report.PooledThreshold:F3}."), text);
    }
}
