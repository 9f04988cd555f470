namespace SmartMaintenance.Cloud.Ml.Retraining;

/// <summary>
/// The champion/challenger rule: promote only when the challenger's cross-validated metric beats the champion's,
/// both on the same held-out folds, by Margin. The default metric is F1, the one the train command chooses by,
/// so the candidate a search picks is judged on the figure that picked it.
/// </summary>
public sealed class RetrainingOptions
{
    /// <summary>f1, prAuc or rocAuc (cross-validated means on held-out folds).</summary>
    public string Metric { get; set; } = "f1";

    /// <summary>Absolute improvement required, e.g. 0.005 = half a point of F1.</summary>
    public double Margin { get; set; } = 0.005;

    /// <summary>Candidate set of drift-triggered retraining: "full" (the train command's search), "fast" (the baseline alone) or "plant" (the champion's configuration on AI4I + the plant's labels, judged on held-out plant labels).</summary>
    public string DriftProfile { get; set; } = "full";

    /// <summary>
    /// How often the plant's labels are retrained on by schedule (profile "plant", as POST /api/v1/ml/retrain?profile=plant),
    /// e.g. 7.00:00:00 for weekly. Zero (default) = no schedule: on demand and on drift only. A run while another
    /// retraining runs is skipped (logged) and the schedule goes on.
    /// </summary>
    public TimeSpan PlantInterval { get; set; } = TimeSpan.Zero;

    public static bool IsKnownMetric(string metric) => metric is "f1" or "prAuc" or "rocAuc";
}
