using Microsoft.ML;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Evaluation;
using SmartMaintenance.Cloud.Ml.Features;

namespace SmartMaintenance.Cloud.Ml.Training;

/// <summary>Runs the protocol (cross-validation) and then fits the final models on all rows with the same options.</summary>
public static class ModelTrainer
{
    public static (TrainedModel Model, CrossValidationReport Report) TrainAndEvaluate(
        Ai4iDataset data, TrainingOptions options, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var report = new CrossValidator(options).Run(data, progress, cancellationToken);
        progress?.Invoke("cross-validation done; fitting the final model on all rows");
        var model = FitFinal(data, options, report.Summary(), cancellationToken);
        return (model, report);
    }

    public static TrainedModel FitFinal(Ai4iDataset data, TrainingOptions options, ModelMetrics metrics, CancellationToken cancellationToken = default)
    {
        var seed = options.Seeds[0];
        var ml = new MLContext(seed);
        var set = new TrainingSet(data, options);
        var all = Enumerable.Range(0, set.Count).ToList();
        var failure = Fitter.FitFailure(ml, set, all, options, seed);
        var modes = Fitter.FitModes(ml, set, all, options, seed);
        var manifest = new ModelManifest(options.Describe(), FeatureBuilder.Names, FailureModes.Names, metrics.Threshold, Baseline(data), data.Sha256, metrics, options);
        return new TrainedModel(ml, failure, modes, manifest);
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
