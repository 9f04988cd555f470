using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SmartMaintenance.Cloud.Security;

/// <summary>
/// Turns a presented key into an <see cref="ApiKeyPrincipal"/>: the bootstrap key (all scopes, compared in
/// constant time) or a stored key found by its hash, cached for <see cref="ApiKeyOptions.CacheDuration"/> so the
/// hot ingest path does not query the database per request. Revocation through this instance is immediate.
/// </summary>
public sealed class ApiKeyAuthenticator(IApiKeyStore store, IOptions<ApiKeyOptions> options, TimeProvider time)
{
    private static readonly ApiKeyPrincipal Bootstrap = new("bootstrap", new HashSet<string>(ApiScopes.All));
    private readonly byte[]? _bootstrapHash = string.IsNullOrEmpty(options.Value.BootstrapKey)
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.BootstrapKey));
    private readonly ConcurrentDictionary<string, (ApiKeyPrincipal? Principal, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<ApiKeyPrincipal?> AuthenticateAsync(string? presented, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 256)
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        if (_bootstrapHash is not null && CryptographicOperations.FixedTimeEquals(hash, _bootstrapHash))
        {
            return Bootstrap;
        }

        var hex = Convert.ToHexStringLower(hash);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(hex, out var cached) && cached.Expires > now)
        {
            return cached.Principal;
        }

        var record = await store.FindActiveAsync(hex, cancellationToken);
        var principal = record is null ? null : new ApiKeyPrincipal(record.Name, new HashSet<string>(record.Scopes));
        // Unknown keys are cached briefly too, so a flood of wrong keys does not become a flood of queries.
        var ttl = principal is null ? TimeSpan.FromSeconds(Math.Min(5, options.Value.CacheDuration.TotalSeconds)) : options.Value.CacheDuration;
        if (_cache.Count > 10_000)
        {
            _cache.Clear();
        }

        _cache[hex] = (principal, now + ttl);
        return principal;
    }

    /// <summary>Forgets cached lookups (after a key is created or revoked here).</summary>
    public void Invalidate() => _cache.Clear();
}
