namespace SmartMaintenance.Cloud.Ml.Prediction;

/// <summary>What one prediction answers (POST /api/v1/ml/predict and the in-process predictor).</summary>
public sealed record FailurePrediction(
    int Prediction,
    double FailureProbability,
    double Threshold,
    IReadOnlyDictionary<string, double> FailureModeProbabilities,
    IReadOnlyList<FeatureContribution> TopContributions,
    string ModelName,
    int ModelVersion,
    double LatencyMs);

/// <summary>
/// How much one input moved this prediction: the failure probability minus the probability with that input set
/// to the training baseline (type L, medians), derived features recomputed. Positive = pushes towards failure.
/// </summary>
public sealed record FeatureContribution(string Feature, double Value, double Baseline, double Contribution);
