using Npgsql;

namespace SmartMaintenance.Cloud.Storage.Postgres;

/// <summary>
/// What the cloud adds to the configured PostgreSQL connection string. A connection string that sets one of these
/// itself keeps its own value.
/// </summary>
internal static class PostgresConnectionDefaults
{
    public static string Apply(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Auto-prepare the hot statements (readings pages, the write-behind merge), so they are parsed once per
        // connection (see PostgresReadingStore for why unbounded readings pages also need a generic plan).
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }
}
