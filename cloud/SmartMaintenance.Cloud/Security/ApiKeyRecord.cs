namespace SmartMaintenance.Cloud.Security;

/// <summary>A stored API key: never the key itself, only its SHA-256.</summary>
public sealed record ApiKeyRecord(string Id, string Name, string KeyHash, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
