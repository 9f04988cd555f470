using SmartMaintenance.Cloud.Detection.Combined;

namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>
/// One step of an <see cref="IncidentTracker"/>: what changed, whether the machine is inside an open incident at
/// this observation (true on the opening step and every step until the closing one, which is false), the open
/// incident's severity (highest so far) and its number (1, 2, ... per tracker; 0 when none has opened yet).
/// </summary>
public readonly record struct IncidentStep(IncidentChange Change, bool InIncident, Severity Severity, long IncidentNumber);
