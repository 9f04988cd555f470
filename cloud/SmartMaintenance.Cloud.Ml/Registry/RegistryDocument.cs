namespace SmartMaintenance.Cloud.Ml.Registry;

/// <summary>The whole registry as stored: versions, the retraining decisions taken, and people's promotions and rollbacks.</summary>
public sealed record RegistryDocument(IReadOnlyList<ModelVersion> Versions, IReadOnlyList<Retraining.RetrainDecision> Decisions)
{
    public static RegistryDocument Empty { get; } = new([], []);

    /// <summary>Empty in registries written before promotions were recorded.</summary>
    public IReadOnlyList<PromotionRecord> Promotions { get; init; } = [];
}

/// <summary>
/// A person's decision to put a version into production: a promotion, or a rollback when the version is older than
/// the one it replaces. Who, when, why, and both versions' key figures at that moment.
/// </summary>
public sealed record PromotionRecord(
    string Name,
    int? FromVersion,
    int ToVersion,
    bool Rollback,
    string By,
    string Reason,
    DateTimeOffset AtUtc,
    string Figures);
