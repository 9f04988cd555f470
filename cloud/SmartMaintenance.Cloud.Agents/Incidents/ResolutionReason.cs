using System.Text.Json.Serialization;

namespace SmartMaintenance.Cloud.Agents.Incidents;

/// <summary>
/// Why a person resolved an incident. MaintenanceDone re-baselines the machine's detector: after a repair the
/// machine runs at a new operating point, and judging it against the old baseline would raise the next incident at once.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ResolutionReason>))]
public enum ResolutionReason { MaintenanceDone, NoFault, FalseAlarm, Other }
