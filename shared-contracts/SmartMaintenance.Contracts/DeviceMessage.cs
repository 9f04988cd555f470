using System.Text.Json.Serialization;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Contracts;

/// <summary>
/// One telemetry message as a device publishes it (reading, anomaly or summary). Field names come from
/// <see cref="WireFields"/>; optional fields are null when absent.
/// </summary>
public sealed record DeviceMessage
{
    [JsonPropertyName(WireFields.SchemaVersion)] public int SchemaVersion { get; init; } = WireSchema.Version;
    [JsonPropertyName(WireFields.DeviceId)] public string DeviceId { get; init; } = "";
    [JsonPropertyName(WireFields.Sequence)] public long Sequence { get; init; }
    [JsonPropertyName(WireFields.Timestamp)] public long? TimestampMs { get; init; }
    [JsonPropertyName(WireFields.ClockValid)] public int ClockValid { get; init; } = 1;
    [JsonPropertyName(WireFields.Uptime)] public long? UptimeMs { get; init; }
    [JsonPropertyName(WireFields.SensorId)] public string SensorId { get; init; } = "";
    [JsonPropertyName(WireFields.SensorType)] public string SensorType { get; init; } = "";
    [JsonPropertyName(WireFields.Unit)] public string Unit { get; init; } = "";
    [JsonPropertyName(WireFields.Kind)] public string Kind { get; init; } = MessageKinds.Reading;
    /// <summary>The sample, or a summary's mean; null only in an empty summary (<see cref="IsEmptySummary"/>).</summary>
    [JsonPropertyName(WireFields.Value)] public double? Value { get; init; }
    [JsonPropertyName(WireFields.ZScore)] public double? ZScore { get; init; }
    [JsonPropertyName(WireFields.BaselineMean)] public double? BaselineMean { get; init; }
    [JsonPropertyName(WireFields.BaselineStd)] public double? BaselineStd { get; init; }

    /// <summary>
    /// True when the device's filter found the sensor stuck (no variance over its stuck window): an anomaly sent
    /// once when the run reaches the window. Null when the message does not say (every other message).
    /// </summary>
    [JsonPropertyName(WireFields.Stuck)]
    [JsonConverter(typeof(WireFlagConverter))]
    public bool? Stuck { get; init; }

    [JsonPropertyName(WireFields.Count)] public long? Count { get; init; }
    [JsonPropertyName(WireFields.Std)] public double? Std { get; init; }
    [JsonPropertyName(WireFields.Min)] public double? Min { get; init; }
    [JsonPropertyName(WireFields.Max)] public double? Max { get; init; }

    /// <summary>
    /// A summary of zero samples: the sensor delivered nothing in the period. Valid without a value; there is no
    /// measurement in it to store (see <see cref="WireFields.Count"/>).
    /// </summary>
    [JsonIgnore]
    public bool IsEmptySummary => Kind == MessageKinds.Summary && Count == 0;

    /// <summary>The sample time when the device clock was valid, else null (the cloud then uses receive time).</summary>
    [JsonIgnore]
    public DateTimeOffset? Timestamp =>
        ClockValid == 1 && TimestampMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
