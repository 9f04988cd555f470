using System.Text.Json.Serialization;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Contracts;

/// <summary>
/// What a device's retained birth message (sm/v1/{site}/{device}/status) says about the device itself: its firmware
/// version and the configuration it runs with, under the config message's own field names. The other status fields
/// (on, ts, up, hz) are read by the broker where it needs them; unknown fields are ignored, so older firmware (no
/// fw, no cfg) still parses.
/// </summary>
public sealed record DeviceStatusReport
{
    /// <summary>Longest firmware version kept; longer (or non-printable) ones are dropped, never stored.</summary>
    public const int MaxFirmwareLength = 64;

    [JsonPropertyName(WireFields.FirmwareVersion)] public string? FirmwareVersion { get; init; }
    [JsonPropertyName(WireFields.ConfigVersion)] public long? ConfigVersion { get; init; }
    [JsonPropertyName(WireFields.Threshold)] public double? ZThreshold { get; init; }
    [JsonPropertyName(WireFields.Hysteresis)] public double? Hysteresis { get; init; }
    [JsonPropertyName(WireFields.WarmupSamples)] public int? WarmupSamples { get; init; }
    [JsonPropertyName(WireFields.SamplePeriodMs)] public int? SamplePeriodMs { get; init; }
    [JsonPropertyName(WireFields.SummaryPeriodS)] public int? SummaryPeriodSeconds { get; init; }
    [JsonPropertyName(WireFields.DisabledSensors)] public IReadOnlyList<string>? DisabledSensors { get; init; }

    /// <summary>The running configuration in the shape of a desired one (version 0: boot defaults, nothing applied yet).</summary>
    public DeviceConfig ToConfig() => new()
    {
        Version = ConfigVersion ?? 0,
        ZThreshold = ZThreshold,
        Hysteresis = Hysteresis,
        WarmupSamples = WarmupSamples,
        SamplePeriodMs = SamplePeriodMs,
        SummaryPeriodSeconds = SummaryPeriodSeconds,
        DisabledSensors = DisabledSensors,
    };
}
