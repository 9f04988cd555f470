using Microsoft.Data.Sqlite;
using SmartMaintenance.Cloud.Storage.WriteBehind;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Storage.Sqlite;

/// <summary>The embedded engine: one SQLite file in WAL mode, reading times stored as Unix milliseconds (UTC).</summary>
internal sealed class SqliteReadingStore(SqliteDataSource dataSource, WriteBehindBuffer buffer) : IReadingStore
{
    private const string Filters = """
          AND ($sensor IS NULL OR sensor_id = $sensor)
          AND ($type IS NULL OR sensor_type = $type)
          AND ($device IS NULL OR device_id = $device)
          AND ($from IS NULL OR ts_ms >= $from)
          AND ($to IS NULL OR ts_ms < $to)
          AND ($exclude IS NULL OR device_id IS NULL OR device_id NOT IN (SELECT value FROM json_each($exclude)))
        """;

    public Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<NewReading> readings, CancellationToken cancellationToken) =>
        buffer.EnqueueAsync(readings, cancellationToken);

    public async Task<StoredReading?> FindByDedupKeyAsync(string dedupKey, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, device_id, sequence, sensor_id, sensor_type, unit, kind, value, ts_ms, received_at_ms,
                   correlation_id, z_score, summary_count, summary_std, summary_min, summary_max,
                   baseline_mean, baseline_std, stuck
            FROM readings
            WHERE id = (SELECT reading_id FROM ingest_keys WHERE dedup_key = $key)
            """;
        command.Parameters.AddWithValue("$key", dedupKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? ReadingRows.Map(reader, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ReadingRows.TimestampColumn)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ReadingRows.ReceivedAtColumn)))
            : null;
    }

    public async Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT id, device_id, sequence, sensor_id, sensor_type, unit, kind, value, ts_ms, received_at_ms,
                   correlation_id, z_score, summary_count, summary_std, summary_min, summary_max,
                   baseline_mean, baseline_std, stuck
            FROM readings
            WHERE id > $after
            {Filters}
            ORDER BY id
            LIMIT $limit
            """;
        AddFilters(command, query);
        command.Parameters.AddWithValue("$limit", query.Limit);

        var items = new List<StoredReading>(Math.Min(query.Limit, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadingRows.Map(reader, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ReadingRows.TimestampColumn)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ReadingRows.ReceivedAtColumn))));
        }

        return items;
    }

    public async Task<long> CountAsync(ReadingQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM readings WHERE id > $after {Filters}";
        AddFilters(command, query with { AfterId = 0 });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<ReadingAggregate>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Integer division floors for non-negative times: buckets aligned to the Unix epoch, as date_bin does.
        command.CommandText = """
            SELECT (ts_ms / $bucket) * $bucket AS b, count(*), min(value), max(value), avg(value)
            FROM readings
            WHERE sensor_id = $sensor AND ts_ms >= $from AND ts_ms < $to
            GROUP BY b
            ORDER BY b
            """;
        command.Parameters.AddWithValue("$bucket", (long)query.Bucket.TotalMilliseconds);
        command.Parameters.AddWithValue("$sensor", query.SensorId);
        command.Parameters.AddWithValue("$from", query.From.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$to", query.To.ToUnixTimeMilliseconds());
        var list = new List<ReadingAggregate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new ReadingAggregate(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetInt64(1),
                reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4)));
        }

        return list;
    }

    public async Task<IReadOnlyList<SensorSummary>> ListSensorsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT sensor_id, sensor_type, unit, device_id, first_seen_ms, last_seen_ms, last_value FROM sensors ORDER BY sensor_id";
        var list = new List<SensorSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new SensorSummary(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)), reader.GetDouble(6)));
        }

        return list;
    }

    private static void AddFilters(SqliteCommand command, ReadingQuery query)
    {
        command.Parameters.AddWithValue("$after", query.AfterId);
        command.Parameters.AddWithValue("$sensor", (object?)query.SensorId ?? DBNull.Value);
        command.Parameters.AddWithValue("$type", (object?)query.SensorType ?? DBNull.Value);
        command.Parameters.AddWithValue("$device", (object?)query.DeviceId ?? DBNull.Value);
        command.Parameters.AddWithValue("$from", (object?)query.From?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$to", (object?)query.To?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        // A JSON array: one parameter for any number of devices (json_each is built into SQLite).
        command.Parameters.AddWithValue("$exclude", query.ExcludeDevices is { Count: > 0 } ex
            ? System.Text.Json.JsonSerializer.Serialize(ex)
            : DBNull.Value);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        (SqliteConnection)await dataSource.OpenConnectionAsync(cancellationToken);
}
