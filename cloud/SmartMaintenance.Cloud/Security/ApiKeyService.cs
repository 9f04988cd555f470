namespace SmartMaintenance.Cloud.Security;

/// <summary>Creates and revokes keys; used by the `apikey` command and the admin endpoint alike.</summary>
public sealed class ApiKeyService(IApiKeyStore store, ApiKeyAuthenticator authenticator, TimeProvider time)
{
    /// <summary>The plain key (shown once) and its record, or null when the name is taken.</summary>
    public async Task<(string Key, ApiKeyRecord Record)?> CreateAsync(string name, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var key = ApiKeyHasher.NewKey();
        var record = new ApiKeyRecord(Guid.NewGuid().ToString("N"), name, ApiKeyHasher.Hash(key), scopes, time.GetUtcNow(), null);
        if (!await store.CreateAsync(record, cancellationToken))
        {
            return null;
        }

        authenticator.Invalidate();
        return (key, record);
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        var revoked = await store.RevokeAsync(id, time.GetUtcNow(), cancellationToken);
        authenticator.Invalidate();
        return revoked;
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);
}
