using SmartMaintenance.Cloud.Agents.Prediction;

namespace SmartMaintenance.Cloud.Agents.Reporting;

public sealed record DeviceHealth(string DeviceId, int Anomalies, int HighOrCritical, int Orders, string Health);

/// <summary>
/// Fleet health (every known device), anomalies, maintenance orders, decisions and model performance over a period:
/// the predictions made (Predictions) and the production model with its registered metrics (null when none is
/// registered, and in reports stored before it was added).
/// </summary>
public sealed record FleetReport(
    long Id,
    string CorrelationId,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<DeviceHealth> Fleet,
    IReadOnlyDictionary<string, int> AnomaliesBySeverity,
    IReadOnlyDictionary<string, int> OrdersByStatus,
    IReadOnlyDictionary<string, int> DecisionsByKind,
    PredictionStats Predictions,
    ProductionModel? ProductionModel = null);
