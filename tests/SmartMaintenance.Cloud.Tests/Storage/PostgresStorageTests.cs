using Npgsql;
using SmartMaintenance.Cloud.Storage;

namespace SmartMaintenance.Cloud.Tests.Storage;

/// <summary>What only the PostgreSQL engine has: time partitions, BRIN, the schema-version record.</summary>
public sealed class PostgresStorageTests : IAsyncLifetime
{
    private StorageHarness _store = null!;

    public async Task InitializeAsync() => _store = await StorageHarness.StartAsync(StorageEngine.Postgres);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task MigrateAsync_FreshDatabase_PartitionedReadingsWithBrinAndSensorTimeIndexes()
    {
        Assert.Equal('p', await ScalarAsync<char>("SELECT relkind FROM pg_class WHERE relname = 'readings'"));
        var indexes = await ListAsync("SELECT indexdef FROM pg_indexes WHERE tablename = 'readings'");
        Assert.Contains(indexes, d => d.Contains("USING brin (ts)", StringComparison.Ordinal));
        Assert.Contains(indexes, d => d.Contains("(sensor_id, ts)", StringComparison.Ordinal));
        Assert.Equal([1, 2, 3, 4], await ListAsync<int>("SELECT version FROM schema_version ORDER BY version"));
    }

    [Fact]
    public async Task MigrateAsync_FreshDatabase_PartitionsExistAheadOfToday()
    {
        var tomorrow = DateTime.UtcNow.Date.AddDays(1).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var partitions = await ListAsync("SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'readings'::regclass AND c.relkind = 'r'");
        Assert.Contains("readings_p" + tomorrow, partitions);
    }

    [Fact]
    public async Task AppendAsync_TimestampFarOutsideExistingPartitions_PartitionCreatedOnDemand()
    {
        var old = new DateTimeOffset(2019, 7, 4, 10, 0, 0, TimeSpan.Zero);

        var result = await _store.Readings.AppendAsync([ReadingStoreContractTests.Reading(at: old)], default);

        Assert.False(result[0].Duplicate);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM readings_p20190704"));
    }

    [Fact]
    public async Task QueryAsync_SameReadingsPageRepeated_ServedByOneCachedGenericPlan()
    {
        await _store.Readings.AppendAsync([ReadingStoreContractTests.Reading(at: DateTimeOffset.UtcNow)], default);
        await using var connection = await _store.Get<NpgsqlDataSource>().OpenConnectionAsync();

        for (var i = 0; i < 8; i++)
        {
            // The store's own statement shape (id > $1 AND sensor_id = $2 ... LIMIT $3), as the readings API sends it.
            await using var page = new NpgsqlCommand("SELECT id FROM readings WHERE id > $1 AND sensor_id = $2 ORDER BY id LIMIT $3", connection);
            page.Parameters.Add(new NpgsqlParameter { Value = (long)i });
            page.Parameters.Add(new NpgsqlParameter { Value = "s1" });
            page.Parameters.Add(new NpgsqlParameter { Value = 100 });
            await using var reader = await page.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
        }

        // Planning a custom plan over every partition cost more than the page itself; the generic plan is made once.
        await using var plans = new NpgsqlCommand(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%FROM readings WHERE id > $1 AND sensor_id%'", connection);
        await using var row = await plans.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync(), "the readings page was not auto-prepared");
        Assert.Equal(0L, row.GetInt64(1));
        Assert.True(row.GetInt64(0) >= 6, $"generic plans used: {row.GetInt64(0)}");
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_store.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private Task<List<string>> ListAsync(string sql) => ListAsync<string>(sql);

    private async Task<List<T>> ListAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_store.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetFieldValue<T>(0));
        }

        return list;
    }
}
