using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Evaluation;

namespace SmartMaintenance.Cloud.Ml.Training;

/// <summary>What a model artifact carries besides the two ML.NET models: schema, threshold, baseline, metrics.</summary>
public sealed record ModelManifest(
    string Configuration,
    IReadOnlyList<string> FeatureNames,
    IReadOnlyList<string> ModeNames,
    double Threshold,
    MachineReading Baseline,
    string DataSha256,
    ModelMetrics Metrics);
