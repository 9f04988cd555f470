namespace SmartMaintenance.EdgeBroker.Devices;

/// <summary>Where the broker keeps its device list.</summary>
public sealed class DeviceRegistryOptions
{
    public const string Section = "Broker:Devices";

    /// <summary>JSON file of devices with hashed secrets; created by the provision command.</summary>
    public string File { get; set; } = "data/devices.json";
}
