namespace SmartMaintenance.Cloud.Agents.Events;

// Every event of the pipeline, defined once, in data-flow order. The chain that connects them is in
// Pipeline/AgentPipeline.cs.

/// <summary>Data acquisition saw a newly stored reading.</summary>
public sealed record ReadingReceived(EventMeta Meta, SensorReading Reading) : AgentEvent(Meta), IReadingEvent;

/// <summary>The reading passed every validation rule.</summary>
public sealed record ReadingValidated(EventMeta Meta, SensorReading Reading) : AgentEvent(Meta), IReadingEvent;

/// <summary>The reading failed a validation rule; Rule names it (range, stuck, rate, timestamp, duplicate).</summary>
public sealed record ReadingRejected(EventMeta Meta, SensorReading Reading, string Rule, string Reason) : AgentEvent(Meta), IReadingEvent;

/// <summary>
/// A machine incident opened (or its severity rose): published once per incident and escalation, never per reading.
/// Reading is the reading of the sensor that drove it most; IncidentId names the incident (null on events stored
/// before incidents existed).
/// </summary>
public sealed record AnomalyDetected(
    EventMeta Meta,
    SensorReading Reading,
    double Score,
    AnomalySeverity Severity,
    IReadOnlyList<DetectorEvidence> Evidence,
    IReadOnlyList<SimilarCase> SimilarCases,
    long? IncidentId = null) : AgentEvent(Meta), IReadingEvent;

/// <summary>The recent window of a sensor differs from its reference window.</summary>
public sealed record DriftDetected(
    EventMeta Meta,
    string SensorId,
    string SensorType,
    double KsStatistic,
    double PValue,
    double Psi,
    int ReferenceCount,
    int RecentCount,
    bool RetrainRequested) : AgentEvent(Meta);

/// <summary>A failure forecast for a machine: model probability/mode (when a model is available) and time to threshold.</summary>
public sealed record FailurePredicted(
    EventMeta Meta,
    string SensorId,
    string SensorType,
    double Risk,
    double? FailureProbability,
    string? FailureMode,
    string? ModelVersion,
    DateTimeOffset? PredictedFailureAt,
    string Basis,
    long? IncidentId = null) : AgentEvent(Meta);

/// <summary>A maintenance order was created: scheduled in a slot, or explicitly unscheduled with the reason.</summary>
public sealed record MaintenanceScheduled(
    EventMeta Meta,
    long OrderId,
    string SensorId,
    MaintenanceStatus Status,
    string Priority,
    string? Technician,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    string Note) : AgentEvent(Meta);

/// <summary>A notification went out (or was suppressed / failed) on one channel.</summary>
public sealed record NotificationSent(
    EventMeta Meta,
    string Channel,
    string Kind,
    NotificationStatus Status,
    int Attempts,
    string? Error) : AgentEvent(Meta);

/// <summary>A human (or the demo's automatic operator) decided on a maintenance order.</summary>
public sealed record DecisionRecorded(
    EventMeta Meta,
    long DecisionId,
    long OrderId,
    DecisionKind Decision,
    string Operator,
    string Reason) : AgentEvent(Meta);

/// <summary>A report was built and stored.</summary>
public sealed record ReportGenerated(EventMeta Meta, long ReportId, DateTimeOffset From, DateTimeOffset To) : AgentEvent(Meta);

/// <summary>An incident was resolved and written to the knowledge base.</summary>
public sealed record IncidentResolved(
    EventMeta Meta,
    string SensorType,
    IReadOnlyList<double> Signature,
    string Symptoms,
    string Cause,
    string Fix) : AgentEvent(Meta);
