using SmartMaintenance.Cloud.Ml.Evaluation;

namespace SmartMaintenance.Cloud.Ml.Retraining;

/// <summary>One champion/challenger decision, kept with both metric sets (append-only in the registry).</summary>
public sealed record RetrainDecision(
    string ModelName,
    DateTimeOffset DecidedUtc,
    string Reason,
    int? ChampionVersion,
    ModelMetrics? ChampionMetrics,
    int ChallengerVersion,
    ModelMetrics ChallengerMetrics,
    string Metric,
    double Margin,
    bool Promoted,
    string Explanation);
