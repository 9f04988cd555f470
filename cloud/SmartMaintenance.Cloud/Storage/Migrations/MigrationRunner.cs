using System.Data.Common;

namespace SmartMaintenance.Cloud.Storage.Migrations;

/// <summary>
/// Applies the engine's numbered scripts that are not yet recorded in `schema_version`, each in its own
/// transaction together with its version row, so a failed script leaves the schema at the previous version.
/// On PostgreSQL an advisory lock keeps two starting instances from migrating at the same time.
/// </summary>
internal sealed partial class MigrationRunner(DbDataSource dataSource, StorageEngine engine, ILogger logger)
{
    private const long AdvisoryLockId = 0x534D_4D49_4752; // "SMMIGR"

    /// <summary>The highest version this build knows; /health/ready compares the database against it.</summary>
    public static int LatestVersion(StorageEngine engine) => Migration.Load(engine).Max(m => m.Version);

    public Task<int> RunAsync(CancellationToken cancellationToken) => RunAsync(int.MaxValue, cancellationToken);

    /// <summary>
    /// Applies the missing scripts up to <paramref name="upToVersion"/>: a database left there is exactly what an
    /// older build made, which is how the upgrade of a database that holds data is tested.
    /// </summary>
    public async Task<int> RunAsync(int upToVersion, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (engine == StorageEngine.Sqlite)
        {
            // WAL: readers never block the writer; the setting is stored in the file.
            await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);
        }

        await ExecuteAsync(connection, null, engine == StorageEngine.Postgres
            ? "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
            : "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
            cancellationToken);

        var variants = await AvailableVariantsAsync(connection, cancellationToken);
        var applied = 0;
        foreach (var migration in Migration.Select(Migration.Load(engine), variants).Where(m => m.Version <= upToVersion))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (engine == StorageEngine.Postgres)
            {
                await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockId})", cancellationToken);
            }

            await using (var check = connection.CreateCommand())
            {
                check.Transaction = transaction;
                check.CommandText = $"SELECT count(*) FROM schema_version WHERE version = {migration.Version}";
                if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    continue;
                }
            }

            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            var name = migration.Variant is null ? migration.Name : $"{migration.Name}.{migration.Variant}";
            await ExecuteAsync(connection, transaction,
                $"INSERT INTO schema_version (version, name) VALUES ({migration.Version}, '{name}')", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LogApplied(logger, engine, migration.Version, name);
            applied++;
        }

        return applied;
    }

    /// <summary>The version recorded in the database, or 0 when none (used by the readiness check).</summary>
    public static async Task<int> CurrentVersionAsync(DbDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(version), 0) FROM schema_version");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<HashSet<string>> AvailableVariantsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var variants = new HashSet<string>(StringComparer.Ordinal);
        if (engine != StorageEngine.Postgres)
        {
            return variants;
        }

        // TimescaleDB only works when preloaded; being listed as available is not enough.
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
                OR (EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
                    AND current_setting('shared_preload_libraries') LIKE '%timescaledb%')
            """;
        if (await command.ExecuteScalarAsync(cancellationToken) is true)
        {
            variants.Add("timescale");
        }

        return variants;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage {Engine}: applied migration {Version} ({Name})")]
    private static partial void LogApplied(ILogger logger, StorageEngine engine, int version, string name);
}
