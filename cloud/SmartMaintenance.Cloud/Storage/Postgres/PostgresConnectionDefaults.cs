using Npgsql;

namespace SmartMaintenance.Cloud.Storage.Postgres;

/// <summary>
/// What the cloud adds to the configured PostgreSQL connection string. A connection string that sets one of these
/// itself keeps its own value.
/// </summary>
internal static class PostgresConnectionDefaults
{
    public const string GenericPlans = "-c plan_cache_mode=force_generic_plan";

    public static string Apply(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Auto-prepare the hot statements (readings pages, the write-behind merge), so they are parsed once per
        // connection.
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        // Preparing alone does not skip planning: PostgreSQL keeps choosing a custom plan for these statements, and
        // planning one over the readings partitions (about ten, four indexes each) took 2.3 ms against 0.1-0.6 ms of
        // execution for a readings page. None of our statements needs plan-time values: partitions of a ts range
        // are still pruned when the generic plan starts (runtime pruning), so the generic plan is cached per
        // connection and planning drops to ~0.01 ms. Set at connection start, so the pool's reset keeps it.
        if (!(builder.Options ?? "").Contains("plan_cache_mode", StringComparison.Ordinal))
        {
            builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? GenericPlans : builder.Options + " " + GenericPlans;
        }

        return builder.ConnectionString;
    }
}
