using System.Text.Json.Serialization;

namespace SmartMaintenance.Contracts;

/// <summary>A reading as the query API returns it.</summary>
public sealed record StoredReading
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("device_id")] public string? DeviceId { get; init; }
    [JsonPropertyName("sequence")] public long? Sequence { get; init; }
    [JsonPropertyName("sensor_id")] public string SensorId { get; init; } = "";
    [JsonPropertyName("sensor_type")] public string SensorType { get; init; } = "";
    [JsonPropertyName("unit")] public string Unit { get; init; } = "";
    [JsonPropertyName("kind")] public string Kind { get; init; } = "";
    [JsonPropertyName("value")] public double Value { get; init; }
    [JsonPropertyName("timestamp")] public DateTimeOffset Timestamp { get; init; }
    [JsonPropertyName("received_at")] public DateTimeOffset ReceivedAt { get; init; }
    [JsonPropertyName("correlation_id")] public string? CorrelationId { get; init; }
    [JsonPropertyName("z_score")] public double? ZScore { get; init; }
}

/// <summary>One page of readings with the cursor of the next page (null on the last page).</summary>
public sealed record ReadingPage(
    [property: JsonPropertyName("items")] IReadOnlyList<StoredReading> Items,
    [property: JsonPropertyName("next_cursor")] string? NextCursor)
{
    /// <summary>Readings matching the filters in all pages; only when the query asked for it (include_total=true).</summary>
    [JsonPropertyName("total")] public long? Total { get; init; }
}
