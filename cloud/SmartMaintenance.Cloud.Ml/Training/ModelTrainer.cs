using Microsoft.ML;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Evaluation;
using SmartMaintenance.Cloud.Ml.Explanation;
using SmartMaintenance.Cloud.Ml.Features;

namespace SmartMaintenance.Cloud.Ml.Training;

/// <summary>Runs the protocol (cross-validation) and then fits the final models on all rows with the same options.</summary>
public static class ModelTrainer
{
    /// <param name="subset">Rows the cross-validation also scores apart (CrossValidator.Run).</param>
    public static (TrainedModel Model, CrossValidationReport Report) TrainAndEvaluate(
        Ai4iDataset data, TrainingOptions options, Action<string>? progress = null, CancellationToken cancellationToken = default,
        Func<Ai4iRecord, bool>? subset = null)
    {
        var report = new CrossValidator(options).Run(data, progress, cancellationToken, subset);
        progress?.Invoke("cross-validation done; fitting the final model on all rows");
        var model = FitFinal(data, options, report.Summary(), report.Calibration, cancellationToken);
        return (model, report);
    }

    /// <summary>
    /// Fits the final models on all rows. calibration is the cross-validation's map (its threshold is metrics.Threshold,
    /// chosen on the calibrated out-of-fold probabilities); null serves ML.NET's own probability.
    /// </summary>
    public static TrainedModel FitFinal(Ai4iDataset data, TrainingOptions options, ModelMetrics metrics, PlattMap? calibration = null, CancellationToken cancellationToken = default)
    {
        var seed = options.Seeds[0];
        var ml = new MLContext(seed);
        var set = new TrainingSet(data, options);
        var all = Enumerable.Range(0, set.Count).ToList();
        var failure = Fitter.FitFailure(ml, set, all, options, seed);
        var modes = Fitter.FitModes(ml, set, all, options, seed);
        cancellationToken.ThrowIfCancellationRequested();
        var manifest = new ModelManifest(options.Describe(), FeatureBuilder.Names, FailureModes.Names, metrics.Threshold, Baseline(data), data.Sha256, metrics, options, calibration);
        return new TrainedModel(ml, failure, modes, manifest, Explainer(ml, failure, set));
    }

    /// <summary>Background rows of the explanations: every n-th row, about this many (fixed, so artifacts are reproducible).</summary>
    public const int BackgroundRows = 100;

    /// <summary>
    /// The tree copy and background sample the explanations walk; the copy's score must equal ML.NET's on the
    /// background rows, or the explanation would describe another model (then there is none).
    /// </summary>
    private static ExplainerData? Explainer(MLContext ml, ITransformer failure, TrainingSet set)
    {
        if (TreeEnsemble.From(failure) is not { } ensemble) return null;
        var step = Math.Max(1, set.Count / BackgroundRows);
        var rows = Enumerable.Range(0, set.Count).Where(i => i % step == 0).Take(BackgroundRows).ToList();
        var background = rows.Select(i => set.Features[i]).ToList();
        var scores = Fitter.ScoreFailure(ml, failure, set, rows);
        for (var k = 0; k < rows.Count; k++)
        {
            if (Math.Abs(ensemble.Score(background[k]) - scores[k].Score) > 1e-3 * Math.Max(1, Math.Abs(scores[k].Score)))
            {
                throw new InvalidOperationException($"the tree copy scores {ensemble.Score(background[k])} where ML.NET scores {scores[k].Score}");
            }
        }

        return new ExplainerData(ensemble, background);
    }

    /// <summary>A typical machine (type L, medians of the numeric inputs): the reference of the feature contributions.</summary>
    private static MachineReading Baseline(Ai4iDataset data)
    {
        static double Median(IEnumerable<double> v)
        {
            var s = v.Order().ToArray();
            return s.Length == 0 ? 0 : s[s.Length / 2];
        }

        var r = data.Rows.Select(x => x.Reading).ToList();
        return new MachineReading(MachineReading.DefaultType, Median(r.Select(x => x.AirTemperatureK)), Median(r.Select(x => x.ProcessTemperatureK)),
            Median(r.Select(x => x.RotationalSpeedRpm)), Median(r.Select(x => x.TorqueNm)), Median(r.Select(x => x.ToolWearMin)));
    }
}
