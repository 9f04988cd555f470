namespace SmartMaintenance.Cloud.Agents.Demo;

/// <summary>The demo site's name and its built-in devices.</summary>
public static class DemoSite
{
    /// <summary>The site id demo devices are registered under (a valid topic id, like every site).</summary>
    public const string Name = "demo";

    /// <summary>The Simulation Console's device when the request names none.</summary>
    public const string SimulatorDevice = "simulator";

    /// <summary>The Golden Path's device (GoldenPathOrchestrator.DeviceId).</summary>
    public const string GoldenPathDevice = "golden-path";

    /// <summary>
    /// Always demo, registered or not: runs from before the demo site existed wrote under these ids without a registry
    /// entry, and their data must hide and clear with the rest.
    /// </summary>
    public static IReadOnlyList<string> BuiltInDevices { get; } = [SimulatorDevice, GoldenPathDevice];
}
