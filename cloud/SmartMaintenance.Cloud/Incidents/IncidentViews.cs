using System.Text.Json.Serialization;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Incidents;

/// <summary>GET /api/v1/incidents answer: newest first; next_cursor is null on the last page.</summary>
public sealed record IncidentListView(
    [property: JsonPropertyName("items")] IReadOnlyList<MachineIncident> Items,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

/// <summary>GET /api/v1/incidents/{id} answer: the incident, its steps in the decision log, and its evidence sensors' readings around it.</summary>
public sealed record IncidentDetailView(
    [property: JsonPropertyName("incident")] MachineIncident Incident,
    [property: JsonPropertyName("decisions")] IReadOnlyList<Decision> Decisions,
    [property: JsonPropertyName("window_from")] DateTimeOffset WindowFrom,
    [property: JsonPropertyName("window_to")] DateTimeOffset WindowTo,
    [property: JsonPropertyName("readings")] IReadOnlyList<SensorWindowView> Readings);

/// <summary>One evidence sensor's readings in the incident's window (oldest first, at most IncidentsApi.WindowLimit).</summary>
public sealed record SensorWindowView(
    [property: JsonPropertyName("sensor_id")] string SensorId,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("readings")] IReadOnlyList<StoredReading> Readings);

/// <summary>POST /api/v1/incidents/{id}/acknowledge body (optional): who acts (default: the API key's name) and a note.</summary>
public sealed record AcknowledgeBody(
    [property: JsonPropertyName("operator")] string? Operator,
    [property: JsonPropertyName("note")] string? Note);

/// <summary>POST /api/v1/incidents/{id}/resolve body: reason maintenance-done | no-fault | false-alarm | other (other needs a note).</summary>
public sealed record ResolveBody(
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("note")] string? Note,
    [property: JsonPropertyName("operator")] string? Operator)
{
    /// <summary>What was found (optional): no-fault, TWF, HDF, PWF or OSF; becomes a training label of the failure model.</summary>
    [JsonPropertyName("finding")] public string? Finding { get; init; }
}
