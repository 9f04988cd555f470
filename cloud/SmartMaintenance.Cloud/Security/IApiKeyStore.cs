namespace SmartMaintenance.Cloud.Security;

/// <summary>API keys on either storage engine.</summary>
public interface IApiKeyStore
{
    /// <summary>Stores a new key; false when the name is taken.</summary>
    Task<bool> CreateAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    /// <summary>The active (not revoked) key with this hash, or null.</summary>
    Task<ApiKeyRecord?> FindActiveAsync(string keyHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Revokes a key; false when no active key has this id.</summary>
    Task<bool> RevokeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);
}
