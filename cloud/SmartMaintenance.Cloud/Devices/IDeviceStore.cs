using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Devices;

/// <summary>The device registry and desired configurations, on either storage engine.</summary>
public interface IDeviceStore
{
    /// <summary>Adds a device; false when the id is taken.</summary>
    Task<bool> CreateAsync(DeviceRecord device, CancellationToken cancellationToken);

    Task<DeviceRecord?> GetAsync(string deviceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeviceRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Enables or disables a device; false when it does not exist.</summary>
    Task<bool> SetEnabledAsync(string deviceId, bool enabled, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new desired configuration with version = previous + 1. When <paramref name="expectedVersion"/> is set
    /// it must equal the current version (0 when none yet), so two operators cannot overwrite each other blindly.
    /// </summary>
    Task<(ConfigUpdateStatus Status, DeviceConfig? Config)> PutConfigAsync(
        string deviceId, DeviceConfig config, long? expectedVersion, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Applies a broker event (online, offline, config ack); false when the device is unknown.</summary>
    Task<bool> ApplyEventAsync(DeviceEvent deviceEvent, CancellationToken cancellationToken);
}
