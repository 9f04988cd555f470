namespace SmartMaintenance.Cloud.Ml.Registry;

/// <summary>The whole registry as stored: versions and the retraining decisions taken.</summary>
public sealed record RegistryDocument(IReadOnlyList<ModelVersion> Versions, IReadOnlyList<Retraining.RetrainDecision> Decisions)
{
    public static RegistryDocument Empty { get; } = new([], []);
}
