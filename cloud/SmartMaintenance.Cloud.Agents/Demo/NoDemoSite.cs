namespace SmartMaintenance.Cloud.Agents.Demo;

/// <summary>Without a device registry (agents hosted alone): every device may be simulated; the built-in ones are demo.</summary>
internal sealed class NoDemoSite : IDemoSite
{
    private static readonly IReadOnlySet<string> BuiltIn = new HashSet<string>(DemoSite.BuiltInDevices, StringComparer.Ordinal);

    public Task<bool> EnsureDeviceAsync(string deviceId, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<IReadOnlySet<string>> DeviceIdsAsync(CancellationToken cancellationToken) => Task.FromResult(BuiltIn);
}
