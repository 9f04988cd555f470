namespace SmartMaintenance.Cloud.Security;

/// <summary>The caller behind a valid API key: its name (the rate-limit partition) and scopes.</summary>
public sealed record ApiKeyPrincipal(string Name, IReadOnlySet<string> Scopes)
{
    public bool Has(string scope) => Scopes.Contains(scope);
}
