using SmartMaintenance.Cloud.Ml.Evaluation;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Registry;

/// <summary>
/// One registered model version (SPEC §3 ML: name, version, stage, metrics, data hash, artifact URI + SHA-256).
/// Metrics are the cross-validated means of its configuration (docs/models/ai4i.md reports the same run);
/// Options is the exact configuration, null for versions registered before it was recorded.
/// </summary>
public sealed record ModelVersion(
    string Name,
    int Version,
    ModelStage Stage,
    DateTimeOffset CreatedUtc,
    ModelMetrics Metrics,
    string Configuration,
    string DataSha256,
    IReadOnlyList<string> FeatureSchema,
    string ArtifactUri,
    string ArtifactSha256,
    bool Enabled,
    TrainingOptions? Options = null)
{
    /// <summary>Test figures of a regression model (the RUL model); null for the failure classifier.</summary>
    public RegressionMetrics? Regression { get; init; }

    /// <summary>What this version was trained on and what changed, in words (the Models page shows it).</summary>
    public string? Notes { get; init; }
}

/// <summary>A RUL model's figures on its test set: RMSE (true and capped RUL), MAE and the PHM08 score, all in cycles.</summary>
public sealed record RegressionMetrics(double Rmse, double RmseCapped, double Mae, double Phm08Score, double IntervalCoverage);
