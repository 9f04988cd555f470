namespace SmartMaintenance.Cloud.Ml.Retraining;

/// <summary>The champion/challenger rule: promote only when the challenger's cross-validated metric beats the champion's by Margin.</summary>
public sealed class RetrainingOptions
{
    /// <summary>f1, prAuc or rocAuc (cross-validated means on held-out folds).</summary>
    public string Metric { get; set; } = "prAuc";

    /// <summary>Absolute improvement required, e.g. 0.005 = half a point of PR-AUC.</summary>
    public double Margin { get; set; } = 0.005;

    public static bool IsKnownMetric(string metric) => metric is "f1" or "prAuc" or "rocAuc";
}
