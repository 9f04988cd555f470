using System.Data.Common;
using Npgsql;

namespace SmartMaintenance.Cloud.Agents.Storage;

/// <summary>
/// The size of each PostgreSQL connection pool of an instance, one setting for both pools it opens (the cloud's
/// readings store and the agents' tables), so that an operator can budget connections across instances:
/// one instance opens at most <see cref="ConnectionsPerInstance"/> = 2 × size + 1 (the acquisition lease holds one
/// connection of its own, outside the pools). Validated at start with the cloud's storage options.
/// </summary>
public static class PostgresPoolSize
{
    public const string Key = "Cloud:Storage:PostgresMaxPoolSize";

    /// <summary>Npgsql's own default (Maximum Pool Size 100): a single instance behaves as before the setting existed.</summary>
    public const int Default = 100;

    /// <summary>
    /// The readings writer keeps one pooled connection for its whole life and the agents run several handlers at a
    /// time: fewer than this would leave requests waiting for a connection (and failing after Npgsql's Timeout).
    /// </summary>
    public const int Minimum = 4;

    public const int Maximum = 1000;

    /// <summary>Pools per instance: the readings store's and the agents'.</summary>
    public const int Pools = 2;

    public static int ConnectionsPerInstance(int maxPoolSize) => Pools * maxPoolSize + 1;

    /// <summary>The connection string with this pool size.</summary>
    public static string Apply(string connectionString, int maxPoolSize) =>
        new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = maxPoolSize }.ConnectionString;

    /// <summary>
    /// True when the connection string sizes the pool itself (Npgsql's Maximum Pool Size or MaxPoolSize, in any case):
    /// refused at start, so the pool size is set in one place that covers both pools.
    /// </summary>
    public static bool SetIn(string connectionString)
    {
        var parsed = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return parsed.Keys.Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())
            .Any(k => k is "MAXIMUMPOOLSIZE" or "MAXPOOLSIZE");
    }
}
