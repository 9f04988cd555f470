using SmartMaintenance.Cloud.Hosting;
using SmartMaintenance.Cloud.Storage;

namespace SmartMaintenance.Cloud.Security;

/// <summary>
/// `dotnet SmartMaintenance.Cloud.dll apikey create --name X --scopes ingest,read` — creates a key in the configured
/// database (same configuration as the host: appsettings, environment, arguments) and prints it once.
/// `apikey list` prints names and scopes; `apikey revoke --id ID` revokes.
/// </summary>
public static class ApiKeyCommand
{
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "apikey";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var verb = args.Length > 1 ? args[1] : "";
        var options = ParseOptions(args.Skip(2).ToArray(), out var rest);
        if (verb is not ("create" or "list" or "revoke"))
        {
            error.WriteLine("usage: apikey create --name NAME --scopes ingest,read,operate,admin,broker | apikey list | apikey revoke --id ID");
            return 2;
        }

        var scopes = ApiScopes.Parse(options.GetValueOrDefault("scopes"), out var unknown);
        if (verb == "create" && (string.IsNullOrWhiteSpace(options.GetValueOrDefault("name")) || scopes.Count == 0 || unknown.Count > 0))
        {
            error.WriteLine($"apikey create needs --name and --scopes (one or more of {string.Join(",", ApiScopes.All)}).");
            return 2;
        }

        // The host's own configuration and storage wiring, without starting the web server.
        await using var app = CloudApplication.Build([.. rest, "--Logging:LogLevel:Default=Warning"]);
        await app.Services.GetRequiredService<StorageMigrator>().MigrateAsync(CancellationToken.None);
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        switch (verb)
        {
            case "create":
                var created = await keys.CreateAsync(options["name"], scopes, CancellationToken.None);
                if (created is null)
                {
                    error.WriteLine($"an API key named '{options["name"]}' already exists.");
                    return 1;
                }

                output.WriteLine($"id: {created.Value.Record.Id}");
                output.WriteLine($"scopes: {string.Join(",", scopes)}");
                output.WriteLine($"key: {created.Value.Key}");
                output.WriteLine("Store the key now: it is kept only as a hash and cannot be shown again.");
                return 0;
            case "list":
                foreach (var k in await keys.ListAsync(CancellationToken.None))
                {
                    output.WriteLine($"{k.Id}  {k.Name}  {string.Join(",", k.Scopes)}  created {k.CreatedAt:O}{(k.RevokedAt is { } r ? $"  revoked {r:O}" : "")}");
                }

                return 0;
            default:
                if (!options.TryGetValue("id", out var id) || !await keys.RevokeAsync(id, CancellationToken.None))
                {
                    error.WriteLine("apikey revoke needs the --id of an active key.");
                    return 1;
                }

                output.WriteLine($"revoked {id}");
                return 0;
        }
    }

    /// <summary>Takes --name/--scopes/--id; everything else (e.g. --ConnectionStrings:Postgres=...) goes to configuration.</summary>
    private static Dictionary<string, string> ParseOptions(string[] args, out List<string> rest)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        rest = [];
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (name is "name" or "scopes" or "id" && i + 1 < args.Length)
            {
                options[name] = args[++i];
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        return options;
    }
}
