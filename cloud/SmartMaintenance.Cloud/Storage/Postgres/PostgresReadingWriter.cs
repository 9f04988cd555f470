using Npgsql;
using NpgsqlTypes;
using SmartMaintenance.Cloud.Storage.WriteBehind;

namespace SmartMaintenance.Cloud.Storage.Postgres;

/// <summary>
/// The PostgreSQL bulk write: binary COPY into a session-local staging table, then one statement that claims the
/// idempotency keys (INSERT … ON CONFLICT DO NOTHING) and moves the rows whose key was new (or that have none)
/// into the partitioned readings table, returning which rows were stored. Runs on one dedicated connection
/// (the write-behind loop is the only caller), reopened after a failure.
/// </summary>
internal sealed class PostgresReadingWriter(NpgsqlDataSource dataSource, PartitionManager partitions) : IReadingWriter
{
    private const string CreateStaging = """
        CREATE TEMP TABLE IF NOT EXISTS staging_readings (
            slot           integer          NOT NULL,
            id             bigint           NOT NULL DEFAULT nextval('readings_id_seq'),
            dedup_key      text,
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
            z_score        double precision,
            summary_count  bigint,
            summary_std    double precision,
            summary_min    double precision,
            summary_max    double precision,
            baseline_mean  double precision,
            baseline_std   double precision,
            stuck          boolean
        ) ON COMMIT DELETE ROWS
        """;

    private const string Copy = """
        COPY staging_readings (slot, dedup_key, device_id, sequence, sensor_id, sensor_type, unit, kind, value, ts,
                               received_at, correlation_id, z_score, summary_count, summary_std, summary_min,
                               summary_max, baseline_mean, baseline_std, stuck) FROM STDIN (FORMAT BINARY)
        """;

    private const string Merge = """
        WITH keyed AS (
            INSERT INTO ingest_keys (dedup_key, reading_id)
            SELECT dedup_key, id FROM staging_readings WHERE dedup_key IS NOT NULL
            ON CONFLICT (dedup_key) DO NOTHING
            RETURNING reading_id
        ), stored AS (
            INSERT INTO readings (id, device_id, sequence, sensor_id, sensor_type, unit, kind, value, ts, received_at,
                                  correlation_id, z_score, summary_count, summary_std, summary_min, summary_max,
                                  baseline_mean, baseline_std, stuck)
            SELECT s.id, s.device_id, s.sequence, s.sensor_id, s.sensor_type, s.unit, s.kind, s.value, s.ts,
                   s.received_at, s.correlation_id, s.z_score, s.summary_count, s.summary_std, s.summary_min,
                   s.summary_max, s.baseline_mean, s.baseline_std, s.stuck
            FROM staging_readings s
            WHERE s.dedup_key IS NULL OR s.id IN (SELECT reading_id FROM keyed)
            ORDER BY s.id
            RETURNING id
        )
        SELECT s.slot, s.id FROM staging_readings s JOIN stored USING (id);

        INSERT INTO sensors AS t (sensor_id, sensor_type, unit, device_id, first_seen, last_seen, last_value)
        SELECT DISTINCT ON (sensor_id) sensor_id, sensor_type, unit, device_id,
               min(ts) OVER (PARTITION BY sensor_id), ts, value
        FROM staging_readings
        ORDER BY sensor_id, ts DESC
        ON CONFLICT (sensor_id) DO UPDATE SET
            sensor_type = EXCLUDED.sensor_type,
            unit        = EXCLUDED.unit,
            device_id   = coalesce(EXCLUDED.device_id, t.device_id),
            first_seen  = least(t.first_seen, EXCLUDED.first_seen),
            last_value  = CASE WHEN EXCLUDED.last_seen >= t.last_seen THEN EXCLUDED.last_value ELSE t.last_value END,
            last_seen   = greatest(t.last_seen, EXCLUDED.last_seen);

        UPDATE devices d SET last_seen = greatest(d.last_seen, x.at)
        FROM (SELECT device_id, max(received_at) AS at FROM staging_readings
              WHERE device_id IS NOT NULL GROUP BY device_id) x
        WHERE d.device_id = x.device_id;
        """;

    /// <summary>The advisory lock that orders reading ids across writers ("SMRDIDOR"; other keys: migrations, the acquisition lease).</summary>
    internal const long IdOrderLock = 0x534D_5244_4944_4F52;

    private NpgsqlConnection? _connection;

    public async Task<AppendResult[]> WriteAsync(IReadOnlyList<NewReading> rows, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteOnceAsync(rows, cancellationToken);
        }
        catch
        {
            // The session (and its staging table) may be unusable: start the next flush on a fresh connection.
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            throw;
        }
    }

    private async Task<AppendResult[]> WriteOnceAsync(IReadOnlyList<NewReading> rows, CancellationToken cancellationToken)
    {
        if (_connection is null)
        {
            _connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var create = new NpgsqlCommand(CreateStaging, _connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var connection = _connection;
        await partitions.EnsureForAsync(connection, rows, cancellationToken);

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Several cloud instances may write to one database (docs/scale-out.md). Ids come from one sequence, but each
        // instance commits its own flushes: a flush holding lower ids could commit after another's higher ids, and data
        // acquisition, which follows ids with a keyset (id > cursor), would pass the lower ones for good. Taking this
        // lock before the ids are drawn orders draw and commit across writers (it is held until the commit); a single
        // instance's one writer never waits for it.
        await using (var order = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({IdOrderLock})", connection, transaction))
        {
            await order.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var importer = await connection.BeginBinaryImportAsync(Copy, cancellationToken))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                importer.StartRow();
                importer.Write(i, NpgsqlDbType.Integer);
                WriteNullable(importer, r.DedupKey, NpgsqlDbType.Text);
                WriteNullable(importer, r.DeviceId, NpgsqlDbType.Text);
                WriteNullable(importer, r.Sequence, NpgsqlDbType.Bigint);

                importer.Write(r.SensorId, NpgsqlDbType.Text);
                importer.Write(r.SensorType, NpgsqlDbType.Text);
                importer.Write(r.Unit, NpgsqlDbType.Text);
                importer.Write(r.Kind, NpgsqlDbType.Text);
                importer.Write(r.Value, NpgsqlDbType.Double);
                importer.Write(r.Timestamp.UtcDateTime, NpgsqlDbType.TimestampTz);
                importer.Write(r.ReceivedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                WriteNullable(importer, r.CorrelationId, NpgsqlDbType.Text);
                WriteNullable(importer, r.ZScore, NpgsqlDbType.Double);
                WriteNullable(importer, r.SummaryCount, NpgsqlDbType.Bigint);
                WriteNullable(importer, r.SummaryStd, NpgsqlDbType.Double);
                WriteNullable(importer, r.SummaryMin, NpgsqlDbType.Double);
                WriteNullable(importer, r.SummaryMax, NpgsqlDbType.Double);
                WriteNullable(importer, r.BaselineMean, NpgsqlDbType.Double);
                WriteNullable(importer, r.BaselineStd, NpgsqlDbType.Double);
                WriteNullable(importer, r.Stuck, NpgsqlDbType.Boolean);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        // Every row starts as a duplicate; the merge names the ones it stored.
        var results = new AppendResult[rows.Count];
        Array.Fill(results, new AppendResult(null, true));
        await using (var merge = new NpgsqlCommand(Merge, connection, transaction))
        await using (var reader = await merge.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                results[reader.GetInt32(0)] = new AppendResult(reader.GetInt64(1), false);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    private static void WriteNullable(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, type);
        }
    }

    /// <summary>Generic over the value type so a present number is written without boxing (the COPY is the ingest hot path).</summary>
    private static void WriteNullable<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v)
        {
            importer.Write(v, type);
        }
        else
        {
            importer.WriteNull();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }
}
