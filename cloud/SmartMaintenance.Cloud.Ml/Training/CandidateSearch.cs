using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Evaluation;

namespace SmartMaintenance.Cloud.Ml.Training;

/// <summary>One cross-validated candidate.</summary>
public sealed record CandidateResult(TrainingOptions Options, CrossValidationReport Report);

/// <summary>
/// Cross-validates every candidate with the protocol and picks the best mean of one metric on the held-out folds
/// (ties: PR-AUC). The train command and the retraining service share it, so they choose alike.
/// </summary>
public static class CandidateSearch
{
    public static (IReadOnlyList<CandidateResult> All, CandidateResult Best) Run(
        Ai4iDataset data, IReadOnlyList<TrainingOptions> candidates, string metric, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (candidates.Count == 0)
        {
            throw new ArgumentException("at least one candidate is needed", nameof(candidates));
        }

        var results = new List<CandidateResult>();
        foreach (var options in candidates)
        {
            progress?.Invoke($"cross-validating {options.Describe()}");
            results.Add(new CandidateResult(options, new CrossValidator(options).Run(data, progress, cancellationToken)));
        }

        var best = results.OrderByDescending(r => Score(r.Report.Summary(), metric)).ThenByDescending(r => r.Report.PrAuc.Mean).First();
        return (results, best);
    }

    /// <summary>f1, prAuc or rocAuc of a metric set (Retraining.RetrainingOptions.IsKnownMetric).</summary>
    public static double Score(ModelMetrics m, string metric) => metric switch
    {
        "prAuc" => m.PrAuc,
        "rocAuc" => m.RocAuc,
        _ => m.F1,
    };
}
