using System.Text.Json.Serialization;

namespace SmartMaintenance.EdgeBroker.Devices;

/// <summary>A device as the broker knows it: identity, site, and its secret's PBKDF2 hash (never the secret).</summary>
public sealed record DeviceRecord
{
    [JsonPropertyName("device_id")] public string DeviceId { get; init; } = "";
    [JsonPropertyName("site")] public string Site { get; init; } = "";
    [JsonPropertyName("enabled")] public bool Enabled { get; init; } = true;
    [JsonPropertyName("secret_hash")] public string SecretHash { get; init; } = "";
}

/// <summary>The on-disk device file.</summary>
public sealed record DeviceFile
{
    [JsonPropertyName("devices")] public List<DeviceRecord> Devices { get; init; } = [];
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(DeviceFile))]
internal sealed partial class DeviceJsonContext : JsonSerializerContext;
