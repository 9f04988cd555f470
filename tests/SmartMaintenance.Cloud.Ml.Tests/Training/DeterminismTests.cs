using System.IO.Compression;
using SmartMaintenance.Cloud.Ml.Features;
using SmartMaintenance.Cloud.Ml.Tests.Support;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Tests.Training;

public sealed class DeterminismTests
{
    [Theory]
    [InlineData(TrainerKind.FastTree)]
    [InlineData(TrainerKind.FastForest)]
    [InlineData(TrainerKind.LightGbm)]
    public void TrainAndEvaluate_SameSeedTwice_GivesIdenticalMetricsAndPredictions(TrainerKind kind)
    {
        var options = SmallModel.Options with { Trainer = kind };

        var (a, ra) = ModelTrainer.TrainAndEvaluate(SmallModel.Data, options);
        var (b, rb) = ModelTrainer.TrainAndEvaluate(SmallModel.Data, options);

        Assert.Equal(ra.Folds.Select(f => f.Failure), rb.Folds.Select(f => f.Failure));
        Assert.Equal(ra.PooledThreshold, rb.PooledThreshold);
        Assert.Equal(Probabilities(a), Probabilities(b));
    }

    /// <summary>
    /// A candidate without an explainer (FastForest) and the first-start baseline (LightGbm, with its tree copy): same seed, same bytes,
    /// and no save time anywhere in the artifact (ML.NET stamps one on its inner zip entries), so the same
    /// artifact SHA-256 whenever and wherever it is trained.
    /// </summary>
    [Theory]
    [InlineData(TrainerKind.FastForest)]
    [InlineData(TrainerKind.LightGbm)]
    public void FitFinal_SameSeedTwice_GivesIdenticalArtifactBytesWithoutSaveTimes(TrainerKind kind)
    {
        var options = TrainingProfiles.Candidate(kind) with { Trees = 40, Folds = 3, Seeds = [7], ModeTrees = 20 };
        var metrics = SmallModel.Report.Summary();

        var a = ModelTrainer.FitFinal(SmallModel.Data, options, metrics).ToBytes();
        var b = ModelTrainer.FitFinal(SmallModel.Data, options, metrics).ToBytes();

        Assert.Equal(System.Security.Cryptography.SHA256.HashData(a), System.Security.Cryptography.SHA256.HashData(b));
        using var outer = new ZipArchive(new MemoryStream(a), ZipArchiveMode.Read);
        foreach (var inner in outer.Entries.Where(e => e.Name.EndsWith(".zip", StringComparison.Ordinal)))
        {
            using var copy = new MemoryStream();
            using (var s = inner.Open()) s.CopyTo(copy);
            using var zip = new ZipArchive(new MemoryStream(copy.ToArray()), ZipArchiveMode.Read);
            Assert.All(zip.Entries, e => Assert.Equal(2020, e.LastWriteTime.Year));
        }
    }

    [Fact]
    public void TrainAndEvaluate_OtherSeed_GivesOtherFolds()
    {
        var other = ModelTrainer.TrainAndEvaluate(SmallModel.Data, SmallModel.Options with { Seeds = [8] }).Report;

        Assert.NotEqual(SmallModel.Report.Folds.Select(f => f.Failure), other.Folds.Select(f => f.Failure));
    }

    private static float[] Probabilities(TrainedModel model)
    {
        var ml = model.Context;
        var rows = SmallModel.Data.Rows.Take(300).Select(r => new FailureRow { Features = FeatureBuilder.Build(r.Reading) }).ToList();
        return ml.Data.CreateEnumerable<FailureScore>(model.Failure.Transform(ml.Data.LoadFromEnumerable(rows)), false).Select(s => s.Probability).ToArray();
    }
}
