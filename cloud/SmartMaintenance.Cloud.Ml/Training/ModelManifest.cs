using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Evaluation;

namespace SmartMaintenance.Cloud.Ml.Training;

/// <summary>
/// What a model artifact carries besides the two ML.NET models: schema, threshold, baseline, metrics, and the
/// options it was trained with (so a retraining can re-score the champion's configuration on its own folds).
/// Options is null in artifacts written before it was recorded. Calibration maps the raw ensemble score to the
/// served probability (null: ML.NET's own probability, as before calibration on held-out scores existed).
/// </summary>
public sealed record ModelManifest(
    string Configuration,
    IReadOnlyList<string> FeatureNames,
    IReadOnlyList<string> ModeNames,
    double Threshold,
    MachineReading Baseline,
    string DataSha256,
    ModelMetrics Metrics,
    TrainingOptions? Options = null,
    PlattMap? Calibration = null);
