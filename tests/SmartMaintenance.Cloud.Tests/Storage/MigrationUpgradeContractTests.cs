using System.Data.Common;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Cloud.Storage.Migrations;
using SmartMaintenance.Cloud.Storage.Postgres;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Cloud.Tests.Storage;

/// <summary>
/// A database an older build made and filled is upgraded in place by a newer build's start: rows and idempotency
/// keys survive, and the new columns (statistics, then stuck) are usable at once (SqliteMigrationUpgradeTests, PostgresMigrationUpgradeTests).
/// </summary>
public abstract class MigrationUpgradeContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract StorageEngine Engine { get; }

    /// <summary>The schema version before the reading statistics columns (Postgres 003, SQLite 002).</summary>
    protected abstract int VersionBeforeStatistics { get; }

    /// <summary>The schema version before the stuck column (Postgres 004, SQLite 003).</summary>
    protected abstract int VersionBeforeStuck { get; }

    /// <summary>One anomaly row and its idempotency key, written with the columns that version had.</summary>
    protected abstract string InsertOldRowSql(long tsMs);

    [Fact]
    public async Task MigrateAsync_DatabaseFilledBeforeStatisticsColumns_UpgradesKeepingRowsAndKeys()
    {
        await using var old = await StorageHarness.StartAtVersionAsync(Engine, VersionBeforeStatistics);
        if (Engine == StorageEngine.Postgres)
        {
            // The day's partition, as the older build's writer made it before storing the row.
            await old.Get<PartitionManager>().EnsureAheadAsync(T0, 0, default);
        }

        await using (var insert = old.Get<DbDataSource>().CreateCommand(InsertOldRowSql(T0.ToUnixTimeMilliseconds())))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await using var upgraded = await old.ReopenAsync();

        Assert.Equal(MigrationRunner.LatestVersion(Engine), await MigrationRunner.CurrentVersionAsync(upgraded.Get<DbDataSource>(), default));
        var kept = Assert.Single(await upgraded.Readings.QueryAsync(new ReadingQuery(), default));
        Assert.Equal(("dev-old", 1L, "old-s", MessageKinds.Anomaly, 300.5, -3.5, T0),
            (kept.DeviceId, kept.Sequence!.Value, kept.SensorId, kept.Kind, kept.Value, kept.ZScore!.Value, kept.Timestamp));
        Assert.Null(kept.BaselineMean);
        Assert.Null(kept.SummaryCount);
        var replay = ReadingStoreContractTests.Reading(sensor: "old-s", at: T0, device: "dev-old", sequence: 1);
        Assert.True(Assert.Single(await upgraded.Readings.AppendAsync([replay], default)).Duplicate);
    }

    [Fact]
    public async Task MigrateAsync_DatabaseBeforeStatisticsColumns_NewRowsKeepTheirStatistics()
    {
        await using var old = await StorageHarness.StartAtVersionAsync(Engine, VersionBeforeStatistics);
        if (Engine == StorageEngine.Postgres)
        {
            // A partition made before the columns were added: the rows below land in it.
            await old.Get<PartitionManager>().EnsureAheadAsync(T0, 0, default);
        }

        await using var upgraded = await old.ReopenAsync();
        var (summary, deviation) = ReadingStoreContractTests.SummaryAndDeviation(T0);

        var results = await upgraded.Readings.AppendAsync([summary, deviation], default);

        var stored = await upgraded.Readings.QueryAsync(new ReadingQuery(DeviceId: "dev-st"), default);
        Assert.Equal(results.Select(r => r.Id), stored.Select(r => (long?)r.Id));
        Assert.Equal(ReadingStoreContractTests.Expected(summary, stored[0].Id), stored[0]);
        Assert.Equal(ReadingStoreContractTests.Expected(deviation, stored[1].Id), stored[1]);
    }

    [Fact]
    public async Task MigrateAsync_DatabaseFilledBeforeStuckColumn_OldRowReadsNullAndNewRowsKeepTheFlag()
    {
        await using var old = await StorageHarness.StartAtVersionAsync(Engine, VersionBeforeStuck);
        if (Engine == StorageEngine.Postgres)
        {
            // A partition made before the column was added: the old row and the new one land in it.
            await old.Get<PartitionManager>().EnsureAheadAsync(T0, 0, default);
        }

        await using (var insert = old.Get<DbDataSource>().CreateCommand(InsertOldRowSql(T0.ToUnixTimeMilliseconds())))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await using var upgraded = await old.ReopenAsync();
        var stuck = ReadingStoreContractTests.StuckAnomaly(T0.AddSeconds(1));
        await upgraded.Readings.AppendAsync([stuck], default);

        Assert.Equal(MigrationRunner.LatestVersion(Engine), await MigrationRunner.CurrentVersionAsync(upgraded.Get<DbDataSource>(), default));
        var rows = await upgraded.Readings.QueryAsync(new ReadingQuery(), default);
        Assert.Equal(2, rows.Count);
        Assert.Equal(("dev-old", (bool?)null), (rows[0].DeviceId, rows[0].Stuck));
        Assert.Equal(ReadingStoreContractTests.Expected(stuck, rows[1].Id), rows[1]);
    }
}

public sealed class SqliteMigrationUpgradeTests : MigrationUpgradeContractTests
{
    protected override StorageEngine Engine => StorageEngine.Sqlite;

    protected override int VersionBeforeStatistics => 1;

    protected override int VersionBeforeStuck => 2;

    protected override string InsertOldRowSql(long tsMs) => $"""
        INSERT INTO readings (id, device_id, sequence, sensor_id, sensor_type, unit, kind, value, ts_ms, received_at_ms,
                              correlation_id, z_score)
        VALUES (1, 'dev-old', 1, 'old-s', 'temperature', 'K', 'a', 300.5, {tsMs}, {tsMs}, 'c-old', -3.5);
        INSERT INTO ingest_keys (dedup_key, reading_id) VALUES ('d:dev-old:1', 1);
        """;
}

public sealed class PostgresMigrationUpgradeTests : MigrationUpgradeContractTests
{
    protected override StorageEngine Engine => StorageEngine.Postgres;

    protected override int VersionBeforeStatistics => 2;

    protected override int VersionBeforeStuck => 3;

    protected override string InsertOldRowSql(long tsMs) => $"""
        WITH r AS (
            INSERT INTO readings (id, device_id, sequence, sensor_id, sensor_type, unit, kind, value, ts, received_at,
                                  correlation_id, z_score)
            VALUES (nextval('readings_id_seq'), 'dev-old', 1, 'old-s', 'temperature', 'K', 'a', 300.5,
                    to_timestamp({tsMs} / 1000.0), to_timestamp({tsMs} / 1000.0), 'c-old', -3.5)
            RETURNING id)
        INSERT INTO ingest_keys (dedup_key, reading_id) SELECT 'd:dev-old:1', id FROM r;
        """;
}
