using System.ComponentModel;
using System.Text.Json.Serialization;

namespace SmartMaintenance.Contracts;

/// <summary>
/// A reading as the query API returns it. The statistics the device computed travel with it: a summary (kind "s")
/// carries its count, std, min and max beside its mean (<see cref="Value"/>); a deviation (kind "a") its baseline
/// beside its z-score, and <see cref="Stuck"/> when the device reported the sensor stuck. The statistics are left out of the JSON when absent (most rows are plain readings: six
/// nulls per row would add ~100 bytes to every row of a page); z_score stays, written as null, as it always was.
/// </summary>
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
    [JsonPropertyName("z_score")]
    [Description("Deviation: z-score of the sample against the on-device baseline.")]
    public double? ZScore { get; init; }

    [JsonPropertyName("summary_count")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Summary: number of samples in the period (the value is their mean).")]
    public long? SummaryCount { get; init; }

    [JsonPropertyName("summary_std")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Summary: standard deviation of the period's samples.")]
    public double? SummaryStd { get; init; }

    [JsonPropertyName("summary_min")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Summary: smallest sample of the period.")]
    public double? SummaryMin { get; init; }

    [JsonPropertyName("summary_max")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Summary: largest sample of the period.")]
    public double? SummaryMax { get; init; }

    [JsonPropertyName("baseline_mean")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Deviation: on-device baseline mean the z-score was computed against.")]
    public double? BaselineMean { get; init; }

    [JsonPropertyName("baseline_std")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Deviation: on-device baseline standard deviation.")]
    public double? BaselineStd { get; init; }

    [JsonPropertyName("stuck")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Deviation: true when the device's filter reported the sensor stuck (no variance over its stuck window; wire 'stk').")]
    public bool? Stuck { get; init; }
}

/// <summary>One page of readings with the cursor of the next page (null on the last page).</summary>
public sealed record ReadingPage(
    [property: JsonPropertyName("items")] IReadOnlyList<StoredReading> Items,
    [property: JsonPropertyName("next_cursor")] string? NextCursor)
{
    /// <summary>Readings matching the filters in all pages; only when the query asked for it (include_total=true).</summary>
    [JsonPropertyName("total")] public long? Total { get; init; }
}
