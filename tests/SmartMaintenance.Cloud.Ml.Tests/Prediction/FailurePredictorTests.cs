using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Ml.Artifacts;
using SmartMaintenance.Cloud.Ml.Features;
using SmartMaintenance.Cloud.Ml.Prediction;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Tests.Support;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Tests.Prediction;

public sealed class FailurePredictorTests : IDisposable
{
    private readonly string _folder = SmallModel.TempFolder();
    private readonly ModelRegistry _registry;
    private readonly FailurePredictor _predictor;

    public FailurePredictorTests()
    {
        _registry = new ModelRegistry(new FileModelRegistryStore(Path.Combine(_folder, "registry.json")),
            new FolderArtifactStore(Path.Combine(_folder, "artifacts")), new FakeTimeProvider());
        _predictor = new FailurePredictor(_registry);
    }

    [Fact]
    public async Task PredictAsync_PowerAboveLimit_PredictsFailureWithPowerMode()
    {
        await RegisterProductionAsync();

        var risky = await _predictor.PredictAsync("m", "auto", SmallModel.PowerFailure, default);
        var normal = await _predictor.PredictAsync("m", "auto", SmallModel.Normal, default);

        Assert.Equal(1, risky.Prediction);
        Assert.Equal(0, normal.Prediction);
        Assert.True(risky.FailureProbability > normal.FailureProbability);
        Assert.Equal("PWF", risky.FailureModeProbabilities.MaxBy(kv => kv.Value).Key);
        Assert.Equal(1.0, risky.FailureModeProbabilities.Values.Sum(), 3);
        Assert.Equal(("m", 1), (risky.ModelName, risky.ModelVersion));
    }

    [Fact]
    public async Task PredictAsync_PowerAboveLimit_ExplainsWithThePowerWindow()
    {
        await RegisterProductionAsync();

        var p = await _predictor.PredictAsync("m", "1", SmallModel.PowerFailure, explain: true, default);

        Assert.Equal(FeatureBuilder.Count, p.TopContributions.Count);
        Assert.Contains(p.TopContributions[0].Feature, new[] { "Power_margin_W", "Mechanical_power_W", "Torque_Nm", "Rotational_speed_rpm" });
        Assert.True(p.TopContributions[0].Contribution > 0);
    }

    [Fact]
    public async Task PredictAsync_WithoutExplain_ComputesNoExplanation()
    {
        await RegisterProductionAsync();

        var p = await _predictor.PredictAsync("m", "auto", SmallModel.PowerFailure, default);

        Assert.Null(p.Explanation);
        Assert.Empty(p.TopContributions);
        Assert.True(p.Calibrated);
    }

    /// <summary>
    /// The explanation adds up: base value + contributions = the log-odds of the probability the predictor answered,
    /// on rows across the range (normal, each failure mode, both product extremes), for both boosted trainers.
    /// </summary>
    [Theory]
    [InlineData(TrainerKind.FastTree)]
    [InlineData(TrainerKind.LightGbm)]
    public async Task PredictAsync_Explanation_SumsWithBaseValueToCalibratedLogOdds(TrainerKind kind)
    {
        var (model, _) = ModelTrainer.TrainAndEvaluate(SmallModel.Data, SmallModel.Options with { Trainer = kind });
        var v = await _registry.RegisterAsync("m", model, default);
        await _registry.PromoteAsync("m", v.Version, default);
        var readings = SmallModel.Data.Rows.Where(r => r.MachineFailure).Take(12).Concat(SmallModel.Data.Rows.Where(r => !r.MachineFailure).Take(12))
            .Select(r => r.Reading).Append(SmallModel.PowerFailure).Append(SmallModel.Normal).ToList();
        var checkedProbabilities = new List<double>();

        foreach (var reading in readings)
        {
            var p = await _predictor.PredictAsync("m", "auto", reading, explain: true, default);

            var e = Assert.IsType<FailureExplanation>(p.Explanation);
            Assert.Equal(FailureExplanation.CalibratedLogOdds, e.Space);
            Assert.Equal(FeatureBuilder.Count, e.Contributions.Count);
            var logOdds = Math.Log(p.FailureProbability / (1 - p.FailureProbability));
            Assert.Equal(logOdds, e.BaseValue + e.Contributions.Sum(c => c.Contribution), 3);
            Assert.Equal(e.Output, e.BaseValue + e.Contributions.Sum(c => c.Contribution), 9);
            Assert.Equal(p.FailureProbability, e.Probability, 4);
            checkedProbabilities.Add(p.FailureProbability);
        }

        // Both ends of the scale were explained, so the sum was checked where it matters (e.g. a 99 % answer).
        Assert.Contains(checkedProbabilities, q => q > 0.9);
        Assert.Contains(checkedProbabilities, q => q < 0.1);
    }

    [Fact]
    public async Task PredictAsync_ManyThreadsAtOnce_GiveTheSameAnswerAsOneThread()
    {
        await RegisterProductionAsync();
        var readings = SmallModel.Data.Rows.Take(64).Select(r => r.Reading).ToArray();
        var expected = new double[readings.Length];
        for (var i = 0; i < readings.Length; i++)
        {
            expected[i] = (await _predictor.PredictAsync("m", "auto", readings[i], default)).FailureProbability;
        }

        var parallel = new double[readings.Length];
        await Parallel.ForAsync(0, readings.Length * 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (k, ct) =>
        {
            var i = k % readings.Length;
            parallel[i] = (await _predictor.PredictAsync("m", "auto", readings[i], ct)).FailureProbability;
        });

        Assert.Equal(expected, parallel);
    }

    [Fact]
    public async Task PredictAsync_UnknownModelOrVersion_ThrowsNotFound()
    {
        await RegisterProductionAsync();

        await Assert.ThrowsAsync<ModelNotFoundException>(async () => await _predictor.PredictAsync("other", "auto", SmallModel.Normal, default));
        await Assert.ThrowsAsync<ModelNotFoundException>(async () => await _predictor.PredictAsync("m", "7", SmallModel.Normal, default));
    }

    [Fact]
    public async Task PredictAsync_TamperedArtifact_IsRefused()
    {
        var v = await _registry.RegisterAsync("m", SmallModel.Model, default);
        await _registry.PromoteAsync("m", v.Version, default);
        await File.AppendAllTextAsync(new Uri(v.ArtifactUri).LocalPath, "x");

        await Assert.ThrowsAsync<ArtifactIntegrityException>(async () => await _predictor.PredictAsync("m", "auto", SmallModel.Normal, default));
    }

    private async Task RegisterProductionAsync()
    {
        var v = await _registry.RegisterAsync("m", SmallModel.Model, default);
        await _registry.PromoteAsync("m", v.Version, default);
    }

    /// <summary>The registry folder of this test (xunit makes one instance per test).</summary>
    public void Dispose() => SmartMaintenance.TestSupport.TempFolders.Delete(_folder);
}
