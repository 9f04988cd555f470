using System.Text.Json.Serialization;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents;

/// <summary>POST /api/v1/decisions body.</summary>
public sealed record DecisionBody(
    [property: JsonPropertyName("order_id")] long? OrderId,
    [property: JsonPropertyName("decision")] DecisionKind? Decision,
    [property: JsonPropertyName("operator")] string? Operator,
    [property: JsonPropertyName("reason")] string? Reason);

/// <summary>POST /api/v1/maintenance/orders/{id}/complete body: who finished the order and, optionally, what they found.</summary>
public sealed record CompletionBody(
    [property: JsonPropertyName("operator")] string? Operator,
    [property: JsonPropertyName("finding")] string? Finding);

/// <summary>POST /api/v1/demo/golden-path body.</summary>
public sealed record GoldenPathBody(
    [property: JsonPropertyName("events")] int? Events,
    [property: JsonPropertyName("auto_decide")] bool? AutoDecide);

/// <summary>POST /api/v1/knowledge/incidents body: resolve an anomaly into the knowledge base.</summary>
public sealed record IncidentBody(
    [property: JsonPropertyName("anomaly_id")] long? AnomalyId,
    [property: JsonPropertyName("symptoms")] string? Symptoms,
    [property: JsonPropertyName("cause")] string? Cause,
    [property: JsonPropertyName("fix")] string? Fix);
