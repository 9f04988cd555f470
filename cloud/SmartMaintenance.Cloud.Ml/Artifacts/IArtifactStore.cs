namespace SmartMaintenance.Cloud.Ml.Artifacts;

/// <summary>Where model artifacts live. Content is addressed by URI; integrity is checked by the registry (SHA-256).</summary>
public interface IArtifactStore
{
    /// <summary>Stores the bytes under a key and returns the URI that reads them back.</summary>
    Task<string> PutAsync(string key, byte[] content, CancellationToken cancellationToken);

    Task<byte[]> GetAsync(string uri, CancellationToken cancellationToken);

    /// <summary>For readiness: can the store be reached right now?</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}
