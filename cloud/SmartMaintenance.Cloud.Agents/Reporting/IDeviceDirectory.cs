namespace SmartMaintenance.Cloud.Agents.Reporting;

/// <summary>
/// Port to the devices the cloud knows (its registry and the devices that sent readings), so fleet health lists every
/// device, the healthy ones too. The cloud host adapts it (Agents/CloudDeviceDirectory.cs); without a host the
/// report lists the devices that had anomalies or orders in the period.
/// </summary>
public interface IDeviceDirectory
{
    Task<IReadOnlyList<string>> ListDeviceIdsAsync(CancellationToken cancellationToken);
}

internal sealed class NoDeviceDirectory : IDeviceDirectory
{
    public Task<IReadOnlyList<string>> ListDeviceIdsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);
}
