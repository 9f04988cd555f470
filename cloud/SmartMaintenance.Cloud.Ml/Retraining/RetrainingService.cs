using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Evaluation;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Retraining;

/// <summary>
/// Trains a challenger on the current data with the full protocol, registers it (staging), and promotes it only
/// if its held-out-fold metric beats the champion's by the configured margin. Both metric sets are recorded with
/// the decision whatever it is. One retraining at a time; drift events and the admin endpoint share this path.
/// </summary>
public sealed class RetrainingService(ModelRegistry registry, RetrainingOptions options, TimeProvider time)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<RetrainDecision> RetrainAsync(
        string modelName, string reason, Ai4iDataset data, TrainingOptions training, Action<string>? progress, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            var champion = await registry.ResolveAsync(modelName, ModelRegistry.Auto, cancellationToken);
            var (model, report) = await Task.Run(() => ModelTrainer.TrainAndEvaluate(data, training, progress, cancellationToken), cancellationToken);
            var challenger = await registry.RegisterAsync(modelName, model, cancellationToken);
            var challengerScore = Score(report.Summary());
            bool promote;
            string why;
            if (champion is null)
            {
                promote = true;
                why = "no production version: the challenger becomes the first champion";
            }
            else
            {
                var championScore = Score(champion.Metrics);
                promote = challengerScore >= championScore + options.Margin;
                why = $"challenger {options.Metric} {challengerScore:F4} vs champion {championScore:F4} + margin {options.Margin:F4}: "
                    + (promote ? "promoted" : "kept the champion");
            }

            if (promote)
            {
                await registry.PromoteAsync(modelName, challenger.Version, cancellationToken);
            }

            var decision = new RetrainDecision(modelName, time.GetUtcNow(), reason, champion?.Version, champion?.Metrics,
                challenger.Version, challenger.Metrics, options.Metric, options.Margin, promote, why);
            await registry.RecordDecisionAsync(decision, cancellationToken);
            return decision;
        }
        finally
        {
            _one.Release();
        }
    }

    private double Score(ModelMetrics m) => options.Metric switch
    {
        "f1" => m.F1,
        "rocAuc" => m.RocAuc,
        _ => m.PrAuc,
    };
}
