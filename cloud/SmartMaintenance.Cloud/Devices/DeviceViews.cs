using System.Text.Json.Serialization;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Devices;

/// <summary>Body of POST /api/v1/devices.</summary>
public sealed record ProvisionDeviceRequest(
    [property: JsonPropertyName("device_id")] string? DeviceId,
    [property: JsonPropertyName("site")] string? Site,
    [property: JsonPropertyName("display_name")] string? DisplayName,
    [property: JsonPropertyName("sensors")] IReadOnlyList<DeviceSensor>? Sensors);

/// <summary>Answer of provisioning: the only time the secret is shown.</summary>
public sealed record ProvisionedDevice(
    [property: JsonPropertyName("device_id")] string DeviceId,
    [property: JsonPropertyName("site")] string Site,
    [property: JsonPropertyName("secret")] string Secret);

/// <summary>A device as the API shows it (never the secret or its hash).</summary>
public sealed record DeviceView(
    [property: JsonPropertyName("device_id")] string DeviceId,
    [property: JsonPropertyName("site")] string Site,
    [property: JsonPropertyName("display_name")] string DisplayName,
    [property: JsonPropertyName("sensors")] IReadOnlyList<DeviceSensor> Sensors,
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("online")] bool Online,
    [property: JsonPropertyName("last_seen")] DateTimeOffset? LastSeen,
    [property: JsonPropertyName("config")] DeviceConfigView? Config)
{
    /// <summary>The firmware version the device last reported (absent: never reported).</summary>
    [JsonPropertyName("firmware_version")] public string? FirmwareVersion { get; init; }

    /// <summary>The configuration the device last said it runs with, beside the desired one in "config".</summary>
    [JsonPropertyName("reported_config")] public DeviceConfig? ReportedConfig { get; init; }

    [JsonPropertyName("reported_at")] public DateTimeOffset? ReportedAt { get; init; }

    public static DeviceView From(DeviceRecord d) => new(d.DeviceId, d.Site, d.DisplayName, d.Sensors, d.Enabled, d.Online, d.LastSeen,
        d.Config is null ? null : DeviceConfigView.From(d.Config))
    {
        FirmwareVersion = d.FirmwareVersion,
        ReportedConfig = d.ReportedConfig,
        ReportedAt = d.ReportedAt,
    };
}

/// <summary>Desired configuration with its version and the device's acknowledgement as reported by the broker.</summary>
public sealed record DeviceConfigView(
    [property: JsonPropertyName("version")] long Version,
    [property: JsonPropertyName("desired")] DeviceConfig Desired,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("ack_version")] long? AckVersion,
    [property: JsonPropertyName("ack_applied")] bool? AckApplied,
    [property: JsonPropertyName("ack_error")] string? AckError,
    [property: JsonPropertyName("ack_at")] DateTimeOffset? AckAt)
{
    /// <summary>True when the device reported applying the current version.</summary>
    [JsonPropertyName("in_sync")] public bool InSync => AckApplied == true && AckVersion == Version;

    public static DeviceConfigView From(DeviceConfigState c) =>
        new(c.Desired.Version, c.Desired, c.UpdatedAt, c.AckVersion, c.AckApplied, c.AckError, c.AckAt);
}

/// <summary>Answer of POST /api/v1/broker/events.</summary>
public sealed record DeviceEventsResult(
    [property: JsonPropertyName("applied")] int Applied,
    [property: JsonPropertyName("rejected")] int Rejected,
    [property: JsonPropertyName("errors")] IReadOnlyList<string> Errors);

[JsonSerializable(typeof(IReadOnlyList<DeviceSensor>))]
internal sealed partial class DevicesJsonContext : JsonSerializerContext;
