using Microsoft.Extensions.Hosting;

namespace SmartMaintenance.Cloud.Agents.Storage;

/// <summary>Applies pending agent migrations in order, each in its own transaction, recording them in agent_schema_migrations.</summary>
public sealed class AgentMigrator(AgentDatabase database, TimeProvider time)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var isPostgres = database.Engine == AgentDbEngine.Postgres;
        if (!isPostgres)
        {
            // WAL, as the cloud's own migrations set it on the shared file (a no-op there): one fsync per commit
            // instead of the rollback journal's several, and readers never block the writer. Durability per commit
            // is unchanged (synchronous stays FULL). Stored in the file, so it also holds for an agents-only file.
            await using var wal = connection.Command("PRAGMA journal_mode = WAL;");
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = connection.Command(
            "CREATE TABLE IF NOT EXISTS agent_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var migration in AgentMigrations.All)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (isPostgres)
            {
                // Two hosts starting together: the second waits here, then sees the version applied.
                await using var lockCommand = connection.Command("SELECT pg_advisory_xact_lock(7007)", transaction);
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var check = connection.Command("SELECT COUNT(*) FROM agent_schema_migrations WHERE version = @v", transaction)
                .With("@v", migration.Version);
            if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken)) > 0)
            {
                await transaction.CommitAsync(cancellationToken);
                continue;
            }

            await using (var apply = connection.Command(isPostgres ? migration.Postgres : migration.Sqlite, transaction))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = connection.Command(
                "INSERT INTO agent_schema_migrations (version, name, applied_at_ms) VALUES (@v, @n, @t)", transaction)
                .With("@v", migration.Version).With("@n", migration.Name).With("@t", time.GetUtcNow()))
            {
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }
}

/// <summary>Runs the agent migrations before the host serves requests or the agents start.</summary>
internal sealed class AgentMigrationService(AgentMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
