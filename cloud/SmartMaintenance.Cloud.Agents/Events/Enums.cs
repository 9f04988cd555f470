using System.Text.Json.Serialization;

namespace SmartMaintenance.Cloud.Agents.Events;

[JsonConverter(typeof(JsonStringEnumConverter<AnomalySeverity>))]
public enum AnomalySeverity { Low, Medium, High, Critical }

[JsonConverter(typeof(JsonStringEnumConverter<MaintenanceStatus>))]
/// <summary>
/// An order's life: Scheduled (or Unscheduled, no slot) by the agent; Approved by a person; InProgress when the
/// technician starts; Done. Rejected when a person turns it down. Only Scheduled orders are moved by a higher priority.
/// </summary>
public enum MaintenanceStatus { Scheduled, Unscheduled, Approved, InProgress, Done, Rejected }

[JsonConverter(typeof(JsonStringEnumConverter<NotificationStatus>))]
public enum NotificationStatus { Delivered, Failed, Suppressed }

/// <summary>
/// A person's step: Approve, Reject and Defer decide a maintenance order; Acknowledge and Resolve work a machine
/// incident (Decision.IncidentId names it); Complete records that a technician finished an order (its reason is
/// the finding, possibly empty). Complete is last so the stored names of the others never move.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<DecisionKind>))]
public enum DecisionKind { Approve, Reject, Defer, Acknowledge, Resolve, Complete }

/// <summary>
/// One detector's view of a reading, kept as evidence on the anomaly. Detail is the English line (the API's and
/// older rows' only text); Facts holds the same numbers by name (EvidenceFacts: "z", "median", "madSigma", ...) so a
/// page can label and format them in its own language, and WarmingUp says the detector was still learning. Rows
/// stored before facts existed have none (null).
/// </summary>
public sealed record DetectorEvidence(string Detector, double Score, double Threshold, string Detail,
    IReadOnlyDictionary<string, double>? Facts = null, bool WarmingUp = false);

/// <summary>A resolved incident that resembles a new anomaly.</summary>
public sealed record SimilarCase(long IncidentId, double Similarity, string Symptoms, string Cause, string Fix);
