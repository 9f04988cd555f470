namespace SmartMaintenance.Cloud.Ml.Registry;

/// <summary>Persistence of the registry metadata (artifacts themselves are in an IArtifactStore).</summary>
public interface IModelRegistryStore
{
    Task<RegistryDocument> ReadAsync(CancellationToken cancellationToken);

    Task WriteAsync(RegistryDocument document, CancellationToken cancellationToken);
}
