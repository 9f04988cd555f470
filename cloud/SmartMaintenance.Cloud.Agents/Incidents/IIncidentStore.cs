using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Incidents;

/// <summary>
/// Machine incidents and the people's steps on them. A machine has at most one unresolved incident: an abnormal run
/// while one is unresolved joins it (de-duplication), a new one opens only after a person resolved the last.
/// Acknowledge and resolve change the state only from the states the lifecycle allows, and append the step to the
/// decision log in the same transaction.
/// </summary>
public interface IIncidentStore
{
    /// <summary>Adds an abnormal observation to the machine's unresolved incident, or opens one when <see cref="AbnormalObservation.Opening"/>.</summary>
    Task<IncidentChangeResult?> RecordAbnormalAsync(AbnormalObservation observation, CancellationToken cancellationToken);

    /// <summary>The machine went quiet (the incident rule closed): stamps the recovered time; the state stays.</summary>
    Task MarkRecoveredAsync(string machineId, DateTimeOffset at, CancellationToken cancellationToken);

    Task<MachineIncident?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Newest first (by id), keyset paged: pass the page's NextCursor as the filter's BeforeId.</summary>
    Task<IncidentPage> ListAsync(IncidentFilter filter, CancellationToken cancellationToken);

    /// <summary>Incidents not yet resolved (open or acknowledged): the Overview's count of what needs people.</summary>
    Task<long> CountUnresolvedAsync(CancellationToken cancellationToken);

    Task<TransitionResult> AcknowledgeAsync(long id, string @operator, string? note, DateTimeOffset at, CancellationToken cancellationToken);

    Task<TransitionResult> ResolveAsync(long id, string @operator, ResolutionReason reason, string? note, DateTimeOffset at,
        CancellationToken cancellationToken);
}

/// <summary>
/// One judged observation of a machine inside an incident (the tracker said Opened, Escalated or in incident).
/// Abnormal: this observation's own verdict was abnormal (moves the last abnormal time); a quiet observation inside
/// the incident still counts its readings as in alert.
/// </summary>
public sealed record AbnormalObservation(
    string EventId,
    string MachineId,
    string DeviceId,
    string CorrelationId,
    DateTimeOffset At,
    AnomalySeverity Severity,
    double PValue,
    IReadOnlyList<SensorEvidence> Evidence,
    int Readings,
    bool Opening,
    bool Abnormal,
    DateTimeOffset Now);

/// <summary>What recording an abnormal observation did: opened a new incident, raised its severity, or neither.</summary>
public sealed record IncidentChangeResult(MachineIncident Incident, bool Created, bool Escalated);

public sealed record IncidentFilter(
    string? MachineId = null,
    IncidentState? State = null,
    bool UnresolvedOnly = false,
    AnomalySeverity? MinSeverity = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long? BeforeId = null,
    int Limit = 50);

public sealed record IncidentPage(IReadOnlyList<MachineIncident> Items, long? NextBeforeId);

public enum TransitionOutcome { Done, NotFound, Conflict }

/// <summary>
/// The outcome of a person's step: Done with the updated incident and the decision-log id, or why not. Finding is the
/// training label a resolution's finding became (or why none could be made); null when no finding was given.
/// </summary>
public sealed record TransitionResult(TransitionOutcome Outcome, MachineIncident? Incident, long? DecisionId = null)
{
    public PlantFindingOutcome? Finding { get; init; }
}
