using System.Text.Json.Serialization;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Contracts;

/// <summary>
/// Desired device settings the cloud pushes on sm/v1/{site}/{device}/config (retained). The complete desired state: a
/// field left out (null) means the device's boot default, not "keep what an earlier version set".
/// </summary>
public sealed record DeviceConfig
{
    [JsonPropertyName(WireFields.SchemaVersion)] public int SchemaVersion { get; init; } = WireSchema.Version;
    [JsonPropertyName(WireFields.ConfigVersion)] public long Version { get; init; }
    [JsonPropertyName(WireFields.Threshold)] public double? ZThreshold { get; init; }
    [JsonPropertyName(WireFields.Hysteresis)] public double? Hysteresis { get; init; }
    [JsonPropertyName(WireFields.WarmupSamples)] public int? WarmupSamples { get; init; }
    [JsonPropertyName(WireFields.SamplePeriodMs)] public int? SamplePeriodMs { get; init; }
    [JsonPropertyName(WireFields.SummaryPeriodS)] public int? SummaryPeriodSeconds { get; init; }

    /// <summary>Sensor ids switched off; every other sensor is on (null or empty: all on). See <see cref="WireFields.DisabledSensors"/>.</summary>
    [JsonPropertyName(WireFields.DisabledSensors)] public IReadOnlyList<string>? DisabledSensors { get; init; }
}

/// <summary>The device's answer on sm/v1/{site}/{device}/config/ack.</summary>
public sealed record DeviceConfigAck
{
    [JsonPropertyName(WireFields.SchemaVersion)] public int SchemaVersion { get; init; } = WireSchema.Version;
    [JsonPropertyName(WireFields.ConfigVersion)] public long Version { get; init; }
    [JsonPropertyName(WireFields.Applied)] public bool Applied { get; init; }
    [JsonPropertyName(WireFields.Error)] public string? Error { get; init; }
}
