using System.Text.Json.Serialization;

namespace SmartMaintenance.Contracts;

/// <summary>
/// GET /api/v1/broker/sync (broker-scoped key): the cloud's device registry and desired configurations, which
/// the edge broker mirrors locally. Carries secret hashes only, never secrets.
/// </summary>
public sealed record BrokerSyncResponse
{
    [JsonPropertyName("devices")] public IReadOnlyList<DeviceRegistryEntry> Devices { get; init; } = [];
    [JsonPropertyName("configs")] public IReadOnlyList<DesiredDeviceConfig> Configs { get; init; } = [];
}

/// <summary>One device of the registry as the broker needs it to authenticate logins.</summary>
public sealed record DeviceRegistryEntry
{
    [JsonPropertyName("device_id")] public string DeviceId { get; init; } = "";
    [JsonPropertyName("site")] public string Site { get; init; } = "";
    [JsonPropertyName("enabled")] public bool Enabled { get; init; } = true;
    /// <summary>Hash in the <see cref="DeviceSecretHasher"/> format.</summary>
    [JsonPropertyName("secret_hash")] public string SecretHash { get; init; } = "";
}

/// <summary>The configuration the cloud wants a device to run; the broker publishes it (retained) on the config topic.</summary>
public sealed record DesiredDeviceConfig
{
    [JsonPropertyName("device_id")] public string DeviceId { get; init; } = "";
    [JsonPropertyName("site")] public string Site { get; init; } = "";
    [JsonPropertyName("config")] public DeviceConfig Config { get; init; } = new();
}

/// <summary>POST /api/v1/broker/events (broker-scoped key): what the broker saw of its devices.</summary>
public sealed record DeviceEventBatch
{
    [JsonPropertyName("broker_id")] public string BrokerId { get; init; } = "";
    [JsonPropertyName("events")] public IReadOnlyList<DeviceEvent> Events { get; init; } = [];
}

/// <summary>
/// A device came online (with what it reported running, when its birth message said) or went offline, or
/// acknowledged (applied / rejected) a configuration.
/// </summary>
public sealed record DeviceEvent
{
    [JsonPropertyName("device_id")] public string DeviceId { get; init; } = "";
    [JsonPropertyName("site")] public string Site { get; init; } = "";
    /// <summary>One of <see cref="DeviceEventKinds"/>.</summary>
    [JsonPropertyName("kind")] public string Kind { get; init; } = "";
    [JsonPropertyName("at")] public DateTimeOffset At { get; init; }
    [JsonPropertyName("config_version")] public long? ConfigVersion { get; init; }
    [JsonPropertyName("applied")] public bool? Applied { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }

    /// <summary>Online events from a birth message: the firmware version the device reported (absent for older firmware).</summary>
    [JsonPropertyName("firmware_version")] public string? FirmwareVersion { get; init; }

    /// <summary>Online events from a birth message: the configuration the device runs with (see <see cref="DeviceStatusReport"/>).</summary>
    [JsonPropertyName("reported_config")] public DeviceConfig? ReportedConfig { get; init; }
}

public static class DeviceEventKinds
{
    public const string Online = "online";
    public const string Offline = "offline";
    public const string ConfigAck = "config_ack";
}
