namespace SmartMaintenance.Cloud.Ml.Prediction;

/// <summary>
/// What one prediction answers (POST /api/v1/ml/predict and the in-process predictor). FailureProbability is the
/// calibrated probability when the model has a calibration map (Calibrated). TopContributions is the
/// explanation's contributions, largest first, when one was asked for; empty otherwise.
/// </summary>
public sealed record FailurePrediction(
    int Prediction,
    double FailureProbability,
    double Threshold,
    IReadOnlyDictionary<string, double> FailureModeProbabilities,
    IReadOnlyList<FeatureContribution> TopContributions,
    string ModelName,
    int ModelVersion,
    double LatencyMs)
{
    public bool Calibrated { get; init; }

    /// <summary>Null unless asked for, or when the model has no explainer (FastForest, older artifacts).</summary>
    public FailureExplanation? Explanation { get; init; }
}

/// <summary>
/// One model feature's share of this prediction, in the explanation's space: its Shapley value against the
/// background sample. Value is the input's feature value, Baseline its mean over the background rows.
/// Positive = pushes towards failure.
/// </summary>
public sealed record FeatureContribution(string Feature, double Value, double Baseline, double Contribution);

/// <summary>
/// An explanation that adds up: BaseValue + Σ contributions = Output, in Space. For a calibrated model the space is
/// the log-odds of the calibrated failure probability, so FailureProbability = 1 / (1 + exp(−Output)).
/// </summary>
public sealed record FailureExplanation(string Space, double BaseValue, double Output, IReadOnlyList<FeatureContribution> Contributions)
{
    public const string CalibratedLogOdds = "log-odds of the calibrated failure probability";
    public const string RawScore = "raw score of the tree ensemble (uncalibrated model)";

    public double Probability => 1 / (1 + Math.Exp(-Output));
}
