using Microsoft.Data.Sqlite;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Storage;

/// <summary>The embedded engine: one SQLite file in WAL mode, times stored as Unix milliseconds (UTC).</summary>
internal sealed class SqliteReadingStore : IReadingStore
{
    private readonly string _connectionString;

    public SqliteReadingStore(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS readings (
                id             INTEGER PRIMARY KEY AUTOINCREMENT,
                device_id      TEXT,
                sequence       INTEGER,
                sensor_id      TEXT    NOT NULL,
                sensor_type    TEXT    NOT NULL,
                unit           TEXT    NOT NULL,
                kind           TEXT    NOT NULL,
                value          REAL    NOT NULL,
                ts_ms          INTEGER NOT NULL,
                received_at_ms INTEGER NOT NULL,
                correlation_id TEXT,
                z_score        REAL
            );
            CREATE UNIQUE INDEX IF NOT EXISTS ux_readings_device_seq ON readings (device_id, sequence);
            CREATE INDEX IF NOT EXISTS ix_readings_sensor_ts ON readings (sensor_id, ts_ms);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AppendResult>> AppendAsync(
        IReadOnlyList<NewReading> readings, CancellationToken cancellationToken)
    {
        var results = new AppendResult[readings.Count];
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO readings (device_id, sequence, sensor_id, sensor_type, unit, kind, value, ts_ms,
                                  received_at_ms, correlation_id, z_score)
            VALUES ($device, $seq, $sensor, $type, $unit, $kind, $value, $ts, $received, $correlation, $z)
            ON CONFLICT (device_id, sequence) DO NOTHING
            RETURNING id;
            """;
        var device = command.Parameters.Add("$device", SqliteType.Text);
        var seq = command.Parameters.Add("$seq", SqliteType.Integer);
        var sensor = command.Parameters.Add("$sensor", SqliteType.Text);
        var type = command.Parameters.Add("$type", SqliteType.Text);
        var unit = command.Parameters.Add("$unit", SqliteType.Text);
        var kind = command.Parameters.Add("$kind", SqliteType.Text);
        var value = command.Parameters.Add("$value", SqliteType.Real);
        var ts = command.Parameters.Add("$ts", SqliteType.Integer);
        var received = command.Parameters.Add("$received", SqliteType.Integer);
        var correlation = command.Parameters.Add("$correlation", SqliteType.Text);
        var z = command.Parameters.Add("$z", SqliteType.Real);

        for (var i = 0; i < readings.Count; i++)
        {
            var r = readings[i];
            device.Value = (object?)r.DeviceId ?? DBNull.Value;
            seq.Value = (object?)r.Sequence ?? DBNull.Value;
            sensor.Value = r.SensorId;
            type.Value = r.SensorType;
            unit.Value = r.Unit;
            kind.Value = r.Kind;
            value.Value = r.Value;
            ts.Value = r.Timestamp.ToUnixTimeMilliseconds();
            received.Value = r.ReceivedAt.ToUnixTimeMilliseconds();
            correlation.Value = (object?)r.CorrelationId ?? DBNull.Value;
            z.Value = (object?)r.ZScore ?? DBNull.Value;
            var id = await command.ExecuteScalarAsync(cancellationToken);
            results[i] = id is long newId ? new AppendResult(newId, false) : new AppendResult(null, true);
        }

        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    public async Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, device_id, sequence, sensor_id, sensor_type, unit, kind, value, ts_ms, received_at_ms,
                   correlation_id, z_score
            FROM readings
            WHERE id > $after
              AND ($sensor IS NULL OR sensor_id = $sensor)
              AND ($type IS NULL OR sensor_type = $type)
              AND ($device IS NULL OR device_id = $device)
              AND ($from IS NULL OR ts_ms >= $from)
              AND ($to IS NULL OR ts_ms < $to)
            ORDER BY id
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$after", query.AfterId);
        command.Parameters.AddWithValue("$sensor", (object?)query.SensorId ?? DBNull.Value);
        command.Parameters.AddWithValue("$type", (object?)query.SensorType ?? DBNull.Value);
        command.Parameters.AddWithValue("$device", (object?)query.DeviceId ?? DBNull.Value);
        command.Parameters.AddWithValue("$from", (object?)query.From?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$to", (object?)query.To?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", query.Limit);

        var items = new List<StoredReading>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new StoredReading
            {
                Id = reader.GetInt64(0),
                DeviceId = reader.IsDBNull(1) ? null : reader.GetString(1),
                Sequence = reader.IsDBNull(2) ? null : reader.GetInt64(2),
                SensorId = reader.GetString(3),
                SensorType = reader.GetString(4),
                Unit = reader.GetString(5),
                Kind = reader.GetString(6),
                Value = reader.GetDouble(7),
                Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
                CorrelationId = reader.IsDBNull(10) ? null : reader.GetString(10),
                ZScore = reader.IsDBNull(11) ? null : reader.GetDouble(11),
            });
        }

        return items;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
