namespace SmartMaintenance.Cloud.Security;

/// <summary>What an API key may do (SPEC §3 Security). A key holds one or more.</summary>
public static class ApiScopes
{
    public const string Ingest = "ingest";
    public const string Read = "read";
    public const string Operate = "operate";
    public const string Admin = "admin";
    /// <summary>The edge broker's registry sync and device events.</summary>
    public const string Broker = "broker";

    public static readonly IReadOnlyList<string> All = [Ingest, Read, Operate, Admin, Broker];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);

    /// <summary>Parses "a,b" into distinct known scopes; returns the unknown ones in <paramref name="unknown"/>.</summary>
    public static IReadOnlyList<string> Parse(string? text, out IReadOnlyList<string> unknown)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).Distinct().ToList();
        unknown = [.. parts.Where(p => !IsKnown(p))];
        return [.. parts.Where(IsKnown)];
    }
}
