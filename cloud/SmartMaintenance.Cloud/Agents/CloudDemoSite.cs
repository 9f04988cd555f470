using SmartMaintenance.Cloud.Agents.Demo;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Agents;

/// <summary>
/// The demo site in the device registry: Simulation and Golden Path devices are registered under site
/// <see cref="DemoSite.Name"/>, disabled (the broker lets no client log in as them) and with a secret nobody knows, so
/// they are devices like the fleet's, in a site of their own that the dashboard hides and can clear.
/// </summary>
internal sealed class CloudDemoSite(IDeviceStore devices, TimeProvider time) : IDemoSite
{
    public async Task<bool> EnsureDeviceAsync(string deviceId, CancellationToken cancellationToken)
    {
        if (await devices.GetAsync(deviceId, cancellationToken) is { } known)
        {
            return known.Site == DemoSite.Name;
        }

        var record = new DeviceRecord(deviceId, DemoSite.Name, deviceId, DeviceSecretHasher.Hash(DeviceSecretHasher.NewSecret()), [],
            Enabled: false, Online: false, LastSeen: null, CreatedAt: time.GetUtcNow(), Config: null);
        // Another run may have registered it a moment ago: then the registry's row decides.
        return await devices.CreateAsync(record, cancellationToken)
            || (await devices.GetAsync(deviceId, cancellationToken))?.Site == DemoSite.Name;
    }

    public async Task<IReadOnlySet<string>> DeviceIdsAsync(CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(DemoSite.BuiltInDevices, StringComparer.Ordinal);
        foreach (var d in await devices.ListAsync(cancellationToken))
        {
            if (d.Site == DemoSite.Name)
            {
                ids.Add(d.DeviceId);
            }
        }

        return ids;
    }
}
