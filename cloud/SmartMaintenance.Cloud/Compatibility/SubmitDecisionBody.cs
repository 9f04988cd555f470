using System.Text.Json.Serialization;

namespace SmartMaintenance.Cloud.Compatibility;

/// <summary>
/// POST /api/v1/decisions/submit body, as the documents' decision log sends it. operator_id is accepted for operator,
/// and justification or notes for reason (the documents use all of these names).
/// </summary>
public sealed record SubmitDecisionBody(
    [property: JsonPropertyName("request_id")] string? RequestId,
    [property: JsonPropertyName("decision")] string? Decision,
    [property: JsonPropertyName("operator")] string? Operator,
    [property: JsonPropertyName("operator_id")] string? OperatorId,
    [property: JsonPropertyName("justification")] string? Justification,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("notes")] string? Notes);
