using System.Text.Json.Serialization;

namespace SmartMaintenance.Contracts;

/// <summary>
/// What the edge broker posts to POST /api/v1/data/ingest/batch. Each item carries its idempotency key
/// (device id + sequence), so a batch re-sent after a lost answer stores every reading once.
/// </summary>
public sealed record IngestBatch
{
    [JsonPropertyName("broker_id")] public string BrokerId { get; init; } = "";
    [JsonPropertyName("batch_id")] public string BatchId { get; init; } = "";
    [JsonPropertyName("items")] public IReadOnlyList<IngestBatchItem> Items { get; init; } = [];
}

/// <summary>One device message with where and when the broker received it.</summary>
public sealed record IngestBatchItem
{
    [JsonPropertyName("site")] public string Site { get; init; } = "";
    [JsonPropertyName("device_id")] public string DeviceId { get; init; } = "";
    [JsonPropertyName("sequence")] public long Sequence { get; init; }
    [JsonPropertyName("received_at")] public DateTimeOffset ReceivedAt { get; init; }
    [JsonPropertyName("correlation_id")] public string? CorrelationId { get; init; }
    [JsonPropertyName("message")] public DeviceMessage Message { get; init; } = new();
}

/// <summary>Per-item outcome of a batch: stored, duplicate (already stored), empty (nothing to store) or rejected with the reason.</summary>
public sealed record IngestBatchItemResult(
    [property: JsonPropertyName("device_id")] string DeviceId,
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("error")] string? Error = null);

/// <summary>Answer to a batch: counts plus one result per item, in request order.</summary>
public sealed record IngestBatchResult(
    [property: JsonPropertyName("batch_id")] string BatchId,
    [property: JsonPropertyName("stored")] int Stored,
    [property: JsonPropertyName("duplicates")] int Duplicates,
    [property: JsonPropertyName("rejected")] int Rejected,
    [property: JsonPropertyName("items")] IReadOnlyList<IngestBatchItemResult> Items);

/// <summary>Item status values of <see cref="IngestBatchItemResult"/>.</summary>
public static class IngestItemStatus
{
    public const string Stored = "stored";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";
    /// <summary>An empty summary (n = 0, no value): accepted, but there is no measurement to store; counted in none of the totals.</summary>
    public const string Empty = "empty";
}
