using Npgsql;
using NpgsqlTypes;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Storage;

/// <summary>The PostgreSQL engine, through one shared <see cref="NpgsqlDataSource"/>; times are UTC timestamptz.</summary>
internal sealed class PostgresReadingStore(NpgsqlDataSource dataSource) : IReadingStore
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS readings (
                id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                device_id      text,
                sequence       bigint,
                sensor_id      text             NOT NULL,
                sensor_type    text             NOT NULL,
                unit           text             NOT NULL,
                kind           text             NOT NULL,
                value          double precision NOT NULL,
                ts             timestamptz      NOT NULL,
                received_at    timestamptz      NOT NULL,
                correlation_id text,
                z_score        double precision
            );
            CREATE UNIQUE INDEX IF NOT EXISTS ux_readings_device_seq ON readings (device_id, sequence);
            CREATE INDEX IF NOT EXISTS ix_readings_sensor_ts ON readings (sensor_id, ts);
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AppendResult>> AppendAsync(
        IReadOnlyList<NewReading> readings, CancellationToken cancellationToken)
    {
        var results = new AppendResult[readings.Count];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO readings (device_id, sequence, sensor_id, sensor_type, unit, kind, value, ts, received_at,
                                  correlation_id, z_score)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (device_id, sequence) DO NOTHING
            RETURNING id
            """, connection, transaction);
        var device = command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
        var seq = command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint });
        var sensor = command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
        var type = command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
        var unit = command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
        var kind = command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
        var value = command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double });
        var ts = command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var received = command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var correlation = command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
        var z = command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double });

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
            ts.Value = r.Timestamp.UtcDateTime;
            received.Value = r.ReceivedAt.UtcDateTime;
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
        await using var command = dataSource.CreateCommand("""
            SELECT id, device_id, sequence, sensor_id, sensor_type, unit, kind, value, ts, received_at,
                   correlation_id, z_score
            FROM readings
            WHERE id > $1
              AND ($2::text IS NULL OR sensor_id = $2)
              AND ($3::text IS NULL OR sensor_type = $3)
              AND ($4::text IS NULL OR device_id = $4)
              AND ($5::timestamptz IS NULL OR ts >= $5)
              AND ($6::timestamptz IS NULL OR ts < $6)
            ORDER BY id
            LIMIT $7
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = query.AfterId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.SensorId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.SensorType ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.DeviceId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.From?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.To?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = query.Limit });

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
                Timestamp = reader.GetFieldValue<DateTimeOffset>(8),
                ReceivedAt = reader.GetFieldValue<DateTimeOffset>(9),
                CorrelationId = reader.IsDBNull(10) ? null : reader.GetString(10),
                ZScore = reader.IsDBNull(11) ? null : reader.GetDouble(11),
            });
        }

        return items;
    }
}
