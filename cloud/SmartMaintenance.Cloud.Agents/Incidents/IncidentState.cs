using System.Text.Json.Serialization;

namespace SmartMaintenance.Cloud.Agents.Incidents;

/// <summary>
/// Where a machine incident is in its lifecycle: Open -> Acknowledged -> Resolved, each step taken by a person and
/// recorded in the decision log. An incident whose machine went quiet again keeps its state and gets a recovered time
/// (<see cref="MachineIncident.RecoveredAt"/>): a fault that stopped showing is still a fault until someone says why.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<IncidentState>))]
public enum IncidentState { Open, Acknowledged, Resolved }
