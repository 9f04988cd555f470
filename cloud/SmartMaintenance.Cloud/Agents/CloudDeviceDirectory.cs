using SmartMaintenance.Cloud.Agents.Reporting;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Storage;

namespace SmartMaintenance.Cloud.Agents;

/// <summary>
/// The devices the reports list: the device registry plus every device that sent readings (simulated and Golden Path
/// devices are not registered). Readings without a device id carry "sensor:{id}", as ReadingStorePorts names them.
/// </summary>
internal sealed class CloudDeviceDirectory(IDeviceStore devices, IReadingStore readings) : IDeviceDirectory
{
    public async Task<IReadOnlyList<string>> ListDeviceIdsAsync(CancellationToken cancellationToken)
    {
        var registered = (await devices.ListAsync(cancellationToken)).Select(d => d.DeviceId);
        var reporting = (await readings.ListSensorsAsync(cancellationToken)).Select(s => s.DeviceId ?? $"sensor:{s.SensorId}");
        return [.. registered.Concat(reporting).Distinct(StringComparer.Ordinal)];
    }
}
