using Microsoft.Data.Sqlite;
using SmartMaintenance.Cloud.Storage.WriteBehind;

namespace SmartMaintenance.Cloud.Storage.Sqlite;

/// <summary>
/// The SQLite bulk write: one transaction per write-behind flush with prepared statements; the idempotency key is
/// claimed with INSERT … ON CONFLICT DO NOTHING first, exactly as on PostgreSQL.
/// </summary>
internal sealed class SqliteReadingWriter(SqliteDataSource dataSource) : IReadingWriter
{
    public async Task<AppendResult[]> WriteAsync(IReadOnlyList<NewReading> rows, CancellationToken cancellationToken)
    {
        var results = new AppendResult[rows.Count];
        await using var connection = (SqliteConnection)await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            // WAL + NORMAL: a commit is durable against a process crash; the last commits may be lost on power loss.
            pragma.CommandText = "PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var nextId = connection.CreateCommand();
        nextId.CommandText = "SELECT coalesce(max(id), 0) FROM readings";
        var id = (long)(await nextId.ExecuteScalarAsync(cancellationToken))!;

        await using var claim = connection.CreateCommand();
        claim.CommandText = "INSERT INTO ingest_keys (dedup_key, reading_id) VALUES ($key, $id) ON CONFLICT (dedup_key) DO NOTHING";
        var claimKey = claim.Parameters.Add("$key", SqliteType.Text);
        var claimId = claim.Parameters.Add("$id", SqliteType.Integer);

        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO readings (id, device_id, sequence, sensor_id, sensor_type, unit, kind, value, ts_ms,
                                  received_at_ms, correlation_id, z_score, summary_count, summary_std, summary_min,
                                  summary_max, baseline_mean, baseline_std, stuck)
            VALUES ($id, $device, $seq, $sensor, $type, $unit, $kind, $value, $ts, $received, $correlation, $z,
                    $n, $sd, $min, $max, $bm, $bs, $stuck)
            """;
        var pId = insert.Parameters.Add("$id", SqliteType.Integer);
        var device = insert.Parameters.Add("$device", SqliteType.Text);
        var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
        var sensor = insert.Parameters.Add("$sensor", SqliteType.Text);
        var type = insert.Parameters.Add("$type", SqliteType.Text);
        var unit = insert.Parameters.Add("$unit", SqliteType.Text);
        var kind = insert.Parameters.Add("$kind", SqliteType.Text);
        var value = insert.Parameters.Add("$value", SqliteType.Real);
        var ts = insert.Parameters.Add("$ts", SqliteType.Integer);
        var received = insert.Parameters.Add("$received", SqliteType.Integer);
        var correlation = insert.Parameters.Add("$correlation", SqliteType.Text);
        var z = insert.Parameters.Add("$z", SqliteType.Real);
        var n = insert.Parameters.Add("$n", SqliteType.Integer);
        var sd = insert.Parameters.Add("$sd", SqliteType.Real);
        var min = insert.Parameters.Add("$min", SqliteType.Real);
        var max = insert.Parameters.Add("$max", SqliteType.Real);
        var bm = insert.Parameters.Add("$bm", SqliteType.Real);
        var bs = insert.Parameters.Add("$bs", SqliteType.Real);
        var stuck = insert.Parameters.Add("$stuck", SqliteType.Integer);

        await using var sensorUpsert = connection.CreateCommand();
        sensorUpsert.CommandText = """
            INSERT INTO sensors (sensor_id, sensor_type, unit, device_id, first_seen_ms, last_seen_ms, last_value)
            VALUES ($sensor, $type, $unit, $device, $ts, $ts, $value)
            ON CONFLICT (sensor_id) DO UPDATE SET
                sensor_type   = excluded.sensor_type,
                unit          = excluded.unit,
                device_id     = coalesce(excluded.device_id, sensors.device_id),
                first_seen_ms = min(sensors.first_seen_ms, excluded.first_seen_ms),
                last_value    = CASE WHEN excluded.last_seen_ms >= sensors.last_seen_ms THEN excluded.last_value ELSE sensors.last_value END,
                last_seen_ms  = max(sensors.last_seen_ms, excluded.last_seen_ms)
            """;
        var sSensor = sensorUpsert.Parameters.Add("$sensor", SqliteType.Text);
        var sType = sensorUpsert.Parameters.Add("$type", SqliteType.Text);
        var sUnit = sensorUpsert.Parameters.Add("$unit", SqliteType.Text);
        var sDevice = sensorUpsert.Parameters.Add("$device", SqliteType.Text);
        var sTs = sensorUpsert.Parameters.Add("$ts", SqliteType.Integer);
        var sValue = sensorUpsert.Parameters.Add("$value", SqliteType.Real);

        var lastSeen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var candidate = id + 1;
            if (r.DedupKey is not null)
            {
                claimKey.Value = r.DedupKey;
                claimId.Value = candidate;
                if (await claim.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    results[i] = new AppendResult(null, true);
                    continue;
                }
            }

            id = candidate;
            pId.Value = id;
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
            n.Value = (object?)r.SummaryCount ?? DBNull.Value;
            sd.Value = (object?)r.SummaryStd ?? DBNull.Value;
            min.Value = (object?)r.SummaryMin ?? DBNull.Value;
            max.Value = (object?)r.SummaryMax ?? DBNull.Value;
            bm.Value = (object?)r.BaselineMean ?? DBNull.Value;
            bs.Value = (object?)r.BaselineStd ?? DBNull.Value;
            stuck.Value = r.Stuck is { } flag ? (flag ? 1 : 0) : DBNull.Value;
            await insert.ExecuteNonQueryAsync(cancellationToken);
            results[i] = new AppendResult(id, false);

            sSensor.Value = r.SensorId;
            sType.Value = r.SensorType;
            sUnit.Value = r.Unit;
            sDevice.Value = (object?)r.DeviceId ?? DBNull.Value;
            sTs.Value = r.Timestamp.ToUnixTimeMilliseconds();
            sValue.Value = r.Value;
            await sensorUpsert.ExecuteNonQueryAsync(cancellationToken);
            if (r.DeviceId is not null && (!lastSeen.TryGetValue(r.DeviceId, out var seen) || r.ReceivedAt > seen))
            {
                lastSeen[r.DeviceId] = r.ReceivedAt;
            }
        }

        await using var touch = connection.CreateCommand();
        touch.CommandText = "UPDATE devices SET last_seen = $at WHERE device_id = $device AND (last_seen IS NULL OR last_seen < $at)";
        var tAt = touch.Parameters.Add("$at", SqliteType.Text);
        var tDevice = touch.Parameters.Add("$device", SqliteType.Text);
        foreach (var (deviceId, at) in lastSeen)
        {
            tAt.Value = at.ToUniversalTime();
            tDevice.Value = deviceId;
            await touch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
