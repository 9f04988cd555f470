namespace SmartMaintenance.Cloud.Agents.Reporting;

/// <summary>The registered production model as the registry describes it: version and the metrics it was registered with.</summary>
public sealed record ProductionModel(string Name, string Version, DateTimeOffset RegisteredAt, IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// Port to the ML registry for reports (read only). The cloud host adapts it (Agents/MlProductionModelInfo.cs); null
/// when no production model is registered, and always null without a host.
/// </summary>
public interface IProductionModelInfo
{
    Task<ProductionModel?> GetAsync(CancellationToken cancellationToken);
}

internal sealed class NoProductionModelInfo : IProductionModelInfo
{
    public Task<ProductionModel?> GetAsync(CancellationToken cancellationToken) => Task.FromResult<ProductionModel?>(null);
}
