using SmartMaintenance.Cloud.Ml.Evaluation;

namespace SmartMaintenance.Cloud.Ml.Registry;

/// <summary>One registered model version (SPEC §3 ML: name, version, stage, metrics, data hash, artifact URI + SHA-256).</summary>
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
    bool Enabled);
