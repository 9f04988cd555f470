using Microsoft.ML;
using SmartMaintenance.Cloud.Ml.Features;

namespace SmartMaintenance.Cloud.Ml.Training;

/// <summary>Fits the two models on a subset of rows and scores other rows with them.</summary>
internal static class Fitter
{
    public static ITransformer FitFailure(MLContext ml, TrainingSet set, IEnumerable<int> rows, TrainingOptions o, int seed)
    {
        var data = ml.Data.LoadFromEnumerable(set.FailureRows(rows).ToList());
        return TrainerFactory.Failure(ml, o, seed).Fit(data);
    }

    public static ITransformer FitModes(MLContext ml, TrainingSet set, IEnumerable<int> rows, TrainingOptions o, int seed)
    {
        var data = ml.Data.LoadFromEnumerable(set.ModeRows(rows).ToList());
        return TrainerFactory.Modes(ml, o, seed).Fit(data);
    }

    /// <summary>Raw ensemble score (what the calibration map and the explanations work on) and ML.NET's own probability.</summary>
    public static (float Score, float Probability)[] ScoreFailure(MLContext ml, ITransformer model, TrainingSet set, IReadOnlyList<int> rows)
    {
        var data = ml.Data.LoadFromEnumerable(set.FailureRows(rows).ToList());
        return ml.Data.CreateEnumerable<FailureScore>(model.Transform(data), reuseRowObject: false)
            .Select(s => (s.Score, s.Probability)).ToArray();
    }

    /// <summary>Predicted class (0-based, argmax of the scores) of each row.</summary>
    public static int[] PredictModes(MLContext ml, ITransformer model, TrainingSet set, IReadOnlyList<int> rows)
    {
        var data = ml.Data.LoadFromEnumerable(set.ModeRows(rows).ToList());
        return ml.Data.CreateEnumerable<ModeScore>(model.Transform(data), reuseRowObject: false)
            .Select(s => Array.IndexOf(s.Score, s.Score.Max())).ToArray();
    }
}
