using SmartMaintenance.Cloud.Ml.Features;
using SmartMaintenance.Cloud.Ml.Tests.Support;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Tests.Training;

public sealed class DeterminismTests
{
    [Theory]
    [InlineData(TrainerKind.FastTree)]
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
