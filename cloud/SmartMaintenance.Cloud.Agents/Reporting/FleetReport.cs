using SmartMaintenance.Cloud.Agents.Prediction;

namespace SmartMaintenance.Cloud.Agents.Reporting;

public sealed record DeviceHealth(string DeviceId, int Anomalies, int HighOrCritical, int Orders, string Health);

/// <summary>Fleet health, anomalies, maintenance orders, decisions and model use over a period.</summary>
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
    PredictionStats Predictions);
