using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SmartMaintenance.Cloud.Agents.Storage;

public enum AgentDbEngine { Sqlite, Postgres }

/// <summary>
/// The agents' tables live in the same database as the readings (same connection settings as the cloud) but are
/// created and versioned by the agents' own migrations table (agent_schema_migrations).
/// Times are stored as UTC Unix milliseconds (BIGINT) on both engines, so one SQL text serves both.
/// </summary>
public sealed class AgentDatabase : IAsyncDisposable
{
    private const string BusyTimeoutPragma = "PRAGMA busy_timeout = 30000;"; // as long as DefaultTimeout below

    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _postgresConnectionString;
    private readonly string? _sqlite;

    private AgentDatabase(NpgsqlDataSource? postgres, string? sqlite, string? postgresConnectionString = null)
    {
        _postgres = postgres;
        _sqlite = sqlite;
        _postgresConnectionString = postgresConnectionString;
    }

    public AgentDbEngine Engine => _postgres is null ? AgentDbEngine.Sqlite : AgentDbEngine.Postgres;

    /// <param name="maxPoolSize">The pool's Maximum Pool Size (<see cref="PostgresPoolSize"/>); null keeps the connection string's.</param>
    public static AgentDatabase ForPostgres(string connectionString, int? maxPoolSize = null)
    {
        var sized = maxPoolSize is { } size ? PostgresPoolSize.Apply(connectionString, size) : connectionString;
        return new(NpgsqlDataSource.Create(sized), null, sized);
    }

    /// <summary>PostgreSQL: the most connections this database's pool opens; null on SQLite.</summary>
    public int? MaxPoolSize => _postgres is null ? null : new NpgsqlConnectionStringBuilder(_postgres.ConnectionString).MaxPoolSize;

    /// <summary>
    /// PostgreSQL only: a connection outside the pool, for session state that must end with the connection (an
    /// advisory lock: a pooled connection would keep it alive after Close, in the pool).
    /// </summary>
    public async Task<NpgsqlConnection> OpenDedicatedPostgresAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(_postgresConnectionString ?? throw new InvalidOperationException("Not a PostgreSQL database."))
        {
            Pooling = false,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static AgentDatabase ForSqlite(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Default Timeout: waits (in seconds) while the readings writer holds the file lock, instead of failing.
        return new(null, new SqliteConnectionStringBuilder { DataSource = full, Pooling = true, DefaultTimeout = 30 }.ToString());
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(cancellationToken);
        // Several agents write concurrently (partitioned consumers, other agents, the cloud's readings writer) and
        // SQLite has one writer at a time. Without a busy timeout a waiting writer gets SQLITE_BUSY at once and
        // Microsoft.Data.Sqlite retries the statement after a blocking sleep of about 150 ms (RetryWhileBusy; it has
        // not set sqlite3_busy_timeout since aspnet/Microsoft.Data.Sqlite#499), on the alert path. SQLite's own busy
        // handler retries after 1, 2, 5, 10... ms (sqliteDefaultBusyCallback).
        await using (var busy = connection.CreateCommand())
        {
            busy.CommandText = BusyTimeoutPragma;
            await busy.ExecuteNonQueryAsync(cancellationToken);
        }

        return connection;
    }

    public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? ValueTask.CompletedTask;
}
