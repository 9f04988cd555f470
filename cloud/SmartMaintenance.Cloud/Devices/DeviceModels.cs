using System.Text.Json.Serialization;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Devices;

/// <summary>A device as the registry keeps it (the secret only as a <see cref="DeviceSecretHasher"/> hash).</summary>
public sealed record DeviceRecord(
    string DeviceId,
    string Site,
    string DisplayName,
    string SecretHash,
    IReadOnlyList<DeviceSensor> Sensors,
    bool Enabled,
    bool Online,
    DateTimeOffset? LastSeen,
    DateTimeOffset CreatedAt,
    DeviceConfigState? Config)
{
    /// <summary>The firmware version the device last reported in its birth message (null: never reported).</summary>
    public string? FirmwareVersion { get; init; }

    /// <summary>The configuration the device last said it runs with (null: never reported, e.g. older firmware).</summary>
    public DeviceConfig? ReportedConfig { get; init; }

    /// <summary>When the broker received that report.</summary>
    public DateTimeOffset? ReportedAt { get; init; }
}

/// <summary>A sensor a device declares at provisioning.</summary>
public sealed record DeviceSensor(
    [property: JsonPropertyName("sensor_id")] string SensorId,
    [property: JsonPropertyName("sensor_type")] string SensorType,
    [property: JsonPropertyName("unit")] string Unit);

/// <summary>The desired configuration, its version, and the device's last acknowledgement as the broker reported it.</summary>
public sealed record DeviceConfigState(
    DeviceConfig Desired,
    DateTimeOffset UpdatedAt,
    long? AckVersion,
    bool? AckApplied,
    string? AckError,
    DateTimeOffset? AckAt);

/// <summary>Outcome of a configuration update.</summary>
public enum ConfigUpdateStatus
{
    Updated,
    DeviceNotFound,
    VersionMismatch,
}
