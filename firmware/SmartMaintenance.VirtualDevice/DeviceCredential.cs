using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartMaintenance.VirtualDevice;

/// <summary>One device identity of the fleet file.</summary>
internal sealed record DeviceCredential(
    [property: JsonPropertyName("device_id")] string DeviceId,
    [property: JsonPropertyName("secret")] string Secret)
{
    public static DeviceCredential[] Load(string path) =>
        JsonSerializer.Deserialize(File.ReadAllText(path), FleetJsonContext.Default.DeviceCredentialArray)
        ?? throw new InvalidDataException($"'{path}' holds no devices");
}

[JsonSerializable(typeof(DeviceCredential[]))]
internal sealed partial class FleetJsonContext : JsonSerializerContext;
