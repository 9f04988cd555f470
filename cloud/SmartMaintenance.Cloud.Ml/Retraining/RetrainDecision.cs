using SmartMaintenance.Cloud.Ml.Evaluation;

namespace SmartMaintenance.Cloud.Ml.Retraining;

/// <summary>
/// One champion/challenger decision, kept with both metric sets (append-only in the registry).
/// ChampionMetrics are the champion's configuration re-scored on the challenger's held-out folds (Comparison
/// says so, or says why the stored ones were used); ChampionStoredMetrics are the ones in its registry entry.
/// ChallengerVersion is null when the challenger was refused (nothing stored) or not trained (nothing new to
/// learn); ChallengerMetrics is null in the latter case. The trailing members are null in decisions recorded
/// before they existed.
/// </summary>
public sealed record RetrainDecision(
    string ModelName,
    DateTimeOffset DecidedUtc,
    string Reason,
    int? ChampionVersion,
    ModelMetrics? ChampionMetrics,
    int? ChallengerVersion,
    ModelMetrics? ChallengerMetrics,
    string Metric,
    double Margin,
    bool Promoted,
    string Explanation,
    string? Comparison = null,
    ModelMetrics? ChampionStoredMetrics = null,
    string? ChallengerConfiguration = null,
    IReadOnlyList<string>? Candidates = null,
    string? DataSha256 = null);
