using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Incidents;

/// <summary>
/// An incident of one machine: opened when its detector and incident rule said so, open while the machine stays
/// abnormal, then worked through by people. MachineId is the device id (a demo run's device id and run, see
/// AnomalyOptions.RunMachinePrefixes). Evidence is the strongest verdict seen (lowest p-value), largest share first;
/// FirstAbnormalAt / LastAbnormalAt are reading times; ReadingsInAlert counts the readings of the observations judged
/// inside the incident. Episodes counts how often the machine went abnormal again while the incident was unresolved.
/// </summary>
public sealed record MachineIncident(
    long Id,
    string MachineId,
    string DeviceId,
    string CorrelationId,
    IncidentState State,
    AnomalySeverity Severity,
    double PValue,
    IReadOnlyList<SensorEvidence> Evidence,
    DateTimeOffset FirstAbnormalAt,
    DateTimeOffset LastAbnormalAt,
    DateTimeOffset? RecoveredAt,
    long ReadingsInAlert,
    int Episodes,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    ResolutionReason? Resolution,
    string? ResolutionNote,
    DateTimeOffset CreatedAt)
{
    /// <summary>The sensor that drove the incident most, or null (no per-sensor evidence).</summary>
    public SensorEvidence? Top => Evidence.Count > 0 ? Evidence[0] : null;
}
