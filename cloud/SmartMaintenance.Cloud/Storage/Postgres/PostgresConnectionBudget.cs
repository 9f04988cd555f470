using Npgsql;
using PostgresPoolSize = SmartMaintenance.Cloud.Agents.Storage.PostgresPoolSize;

namespace SmartMaintenance.Cloud.Storage.Postgres;

/// <summary>
/// Says at start how many connections this instance may open against what the server allows, so an operator adding
/// instances sees the limit before PostgreSQL refuses connections ("too many clients already") under load, which
/// would fail requests and agents on every instance at once (docs/scale-out.md, "Connection budget").
/// </summary>
internal static partial class PostgresConnectionBudget
{
    /// <summary>Connections available to ordinary roles, and how many instances of this pool size fit in them.</summary>
    public static (int Available, int InstancesThatFit) Evaluate(int maxPoolSize, int maxConnections, int reserved)
    {
        var available = Math.Max(0, maxConnections - reserved);
        return (available, available / PostgresPoolSize.ConnectionsPerInstance(maxPoolSize));
    }

    public static async Task ReportAsync(NpgsqlDataSource dataSource, int maxPoolSize, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // reserved_connections (PostgreSQL 16+) is held back for pg_use_reserved_connections on top of the superusers'.
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int " +
            "+ coalesce(current_setting('reserved_connections', true)::int, 0)", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (maxConnections, reserved) = (reader.GetInt32(0), reader.GetInt32(1));
        var (available, fit) = Evaluate(maxPoolSize, maxConnections, reserved);
        var perInstance = PostgresPoolSize.ConnectionsPerInstance(maxPoolSize);
        if (fit < 1)
        {
            LogOverBudget(logger, perInstance, maxPoolSize, maxConnections, reserved, available);
        }
        else
        {
            LogBudget(logger, perInstance, maxPoolSize, maxConnections, reserved, fit);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL connection budget: this instance opens at most {PerInstance} connections " +
        "(2 pools of Cloud:Storage:PostgresMaxPoolSize {PoolSize} + 1); the server allows {MaxConnections} ({Reserved} reserved): {Fit} such instances fit")]
    private static partial void LogBudget(ILogger logger, int perInstance, int poolSize, int maxConnections, int reserved, int fit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL connection budget exceeded by this instance alone: it may open {PerInstance} connections " +
        "(2 pools of Cloud:Storage:PostgresMaxPoolSize {PoolSize} + 1) but the server allows {MaxConnections} with {Reserved} reserved ({Available} left); " +
        "under load PostgreSQL will refuse connections. Lower Cloud:Storage:PostgresMaxPoolSize or raise max_connections")]
    private static partial void LogOverBudget(ILogger logger, int perInstance, int poolSize, int maxConnections, int reserved, int available);
}
