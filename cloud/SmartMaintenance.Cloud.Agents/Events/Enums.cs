using System.Text.Json.Serialization;

namespace SmartMaintenance.Cloud.Agents.Events;

[JsonConverter(typeof(JsonStringEnumConverter<AnomalySeverity>))]
public enum AnomalySeverity { Low, Medium, High, Critical }

[JsonConverter(typeof(JsonStringEnumConverter<MaintenanceStatus>))]
public enum MaintenanceStatus { Scheduled, Unscheduled }

[JsonConverter(typeof(JsonStringEnumConverter<NotificationStatus>))]
public enum NotificationStatus { Delivered, Failed, Suppressed }

[JsonConverter(typeof(JsonStringEnumConverter<DecisionKind>))]
public enum DecisionKind { Approve, Reject, Defer }

/// <summary>One detector's view of a reading, kept as evidence on the anomaly.</summary>
public sealed record DetectorEvidence(string Detector, double Score, double Threshold, string Detail);

/// <summary>A resolved incident that resembles a new anomaly.</summary>
public sealed record SimilarCase(long IncidentId, double Similarity, string Symptoms, string Cause, string Fix);
