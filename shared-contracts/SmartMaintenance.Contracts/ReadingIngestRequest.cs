using System.Text.Json.Serialization;

namespace SmartMaintenance.Contracts;

/// <summary>
/// Body of POST /api/v1/data/ingest: one reading, in the shape the prototype's clients already send.
/// </summary>
public sealed record ReadingIngestRequest
{
    [JsonPropertyName("sensor_id")] public string? SensorId { get; init; }
    [JsonPropertyName("value")] public double? Value { get; init; }
    [JsonPropertyName("sensor_type")] public string? SensorType { get; init; }
    [JsonPropertyName("unit")] public string? Unit { get; init; }
    [JsonPropertyName("timestamp")] public DateTimeOffset? Timestamp { get; init; }
    [JsonPropertyName("correlation_id")] public string? CorrelationId { get; init; }
}

/// <summary>Answer of the single-reading ingest endpoint (202 Accepted).</summary>
public sealed record ReadingIngestResponse(
    [property: JsonPropertyName("reading_id")] long ReadingId,
    [property: JsonPropertyName("correlation_id")] string CorrelationId,
    [property: JsonPropertyName("status")] string Status);
