using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;

namespace SmartMaintenance.Cloud.Storage.Postgres;

/// <summary>
/// Daily range partitions of `readings`: created ahead of need by <see cref="PartitionMaintenanceService"/> and on
/// demand for rows outside them (late or back-filled data). Does nothing when readings is a TimescaleDB hypertable
/// (Timescale creates its own chunks).
/// </summary>
internal sealed partial class PartitionManager(NpgsqlDataSource dataSource, ILogger<PartitionManager> logger)
{
    private readonly ConcurrentDictionary<DateOnly, bool> _known = new();
    private bool? _partitioned;

    public async Task EnsureForAsync(NpgsqlConnection connection, IReadOnlyList<NewReading> rows, CancellationToken cancellationToken)
    {
        List<DateOnly>? missing = null;
        var last = DateOnly.MinValue;
        foreach (var r in rows)
        {
            var day = DateOnly.FromDateTime(r.Timestamp.UtcDateTime);
            if (day != last && !_known.ContainsKey(day))
            {
                missing ??= [];
                if (!missing.Contains(day))
                {
                    missing.Add(day);
                }
            }

            last = day;
        }

        if (missing is not null)
        {
            await EnsureDaysAsync(connection, missing, cancellationToken);
        }
    }

    /// <summary>Creates the partitions of [today - 1, today + daysAhead].</summary>
    public async Task EnsureAheadAsync(DateTimeOffset now, int daysAhead, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var days = Enumerable.Range(-1, daysAhead + 2).Select(today.AddDays).Where(d => !_known.ContainsKey(d)).ToList();
        if (days.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await EnsureDaysAsync(connection, days, cancellationToken);
    }

    private async Task EnsureDaysAsync(NpgsqlConnection connection, List<DateOnly> days, CancellationToken cancellationToken)
    {
        _partitioned ??= await IsPartitionedAsync(connection, cancellationToken);
        foreach (var day in days)
        {
            if (_partitioned == true)
            {
                var name = "readings_p" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
                var from = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var to = day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                await using var command = new NpgsqlCommand(
                    $"CREATE TABLE IF NOT EXISTS {name} PARTITION OF readings FOR VALUES FROM ('{from} 00:00:00+00') TO ('{to} 00:00:00+00')",
                    connection);
                try
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                    LogPartition(logger, name);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateTable)
                {
                    // Another instance created it between our check and our statement.
                }
            }

            _known[day] = true;
        }
    }

    private static async Task<bool> IsPartitionedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT relkind = 'p' FROM pg_class WHERE oid = 'readings'::regclass", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Readings partition {Name} ensured")]
    private static partial void LogPartition(ILogger logger, string name);
}
