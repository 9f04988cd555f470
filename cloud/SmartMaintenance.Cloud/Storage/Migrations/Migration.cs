namespace SmartMaintenance.Cloud.Storage.Migrations;

/// <summary>One numbered SQL script of an engine (embedded resource "migrations/{Engine}/NNN_name[.variant].sql").</summary>
internal sealed record Migration(int Version, string Name, string? Variant, string Sql)
{
    private const string Prefix = "migrations/";

    /// <summary>Every script of the engine, ordered by version; variants are returned beside their plain script.</summary>
    public static IReadOnlyList<Migration> Load(StorageEngine engine)
    {
        var assembly = typeof(Migration).Assembly;
        var folder = Prefix + engine + "/";
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(folder, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            // "002_readings.timescale.sql" -> version 2, name "readings", variant "timescale".
            var file = resource[folder.Length..^".sql".Length];
            var parts = file.Split('.');
            var underscore = parts[0].IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(parts[0][..underscore], System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add(new Migration(version, parts[0][(underscore + 1)..], parts.Length > 1 ? parts[1] : null, reader.ReadToEnd()));
        }

        return [.. list.OrderBy(m => m.Version).ThenBy(m => m.Variant)];
    }

    /// <summary>The scripts to run: for each version the variant when it is available, else the plain script.</summary>
    public static IReadOnlyList<Migration> Select(IReadOnlyList<Migration> all, ISet<string> availableVariants) =>
        [.. all.GroupBy(m => m.Version).Select(g =>
            g.FirstOrDefault(m => m.Variant is not null && availableVariants.Contains(m.Variant))
            ?? g.Single(m => m.Variant is null))];
}
