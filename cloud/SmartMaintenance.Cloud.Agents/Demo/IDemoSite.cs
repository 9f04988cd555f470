namespace SmartMaintenance.Cloud.Agents.Demo;

/// <summary>
/// The demo site: where Simulation and Golden Path runs put their devices, so their readings, alerts, incidents, orders
/// and reports stay apart from the fleet's (the dashboard hides them by default, and they can be cleared). The cloud
/// host keeps demo devices in its device registry under <see cref="DemoSite.Name"/> (Agents/CloudDemoSite.cs).
/// </summary>
public interface IDemoSite
{
    /// <summary>
    /// Registers the device under the demo site when the registry does not know it. False when it belongs to another
    /// site: a fleet device, which a simulation must never write into.
    /// </summary>
    Task<bool> EnsureDeviceAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>Every device of the demo site (the built-in demo devices included, registered or not).</summary>
    Task<IReadOnlySet<string>> DeviceIdsAsync(CancellationToken cancellationToken);
}
