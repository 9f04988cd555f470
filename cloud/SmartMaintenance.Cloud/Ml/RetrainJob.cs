using SmartMaintenance.Cloud.Ml.Retraining;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>
/// A snapshot of one background retraining (what POST /api/v1/ml/retrain's 202 points at). State: running,
/// succeeded (Decision set, promoted or not), failed (Error set) or canceled. StepsDone counts fitted folds;
/// StepsExpected is the count a full run fits (candidates and the champion's re-score), an upper bound.
/// </summary>
public sealed record RetrainJob(
    string Id,
    string ModelName,
    string Profile,
    string Reason,
    string State,
    DateTimeOffset RequestedUtc,
    DateTimeOffset? FinishedUtc,
    int StepsDone,
    int StepsExpected,
    string? LastStep,
    RetrainDecision? Decision,
    string? Error);
