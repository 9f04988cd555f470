using Npgsql;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Cloud.Storage.Postgres;
using SmartMaintenance.Cloud.Storage.WriteBehind;

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
        Assert.Equal([1, 2, 3, 4, 5], await ListAsync<int>("SELECT version FROM schema_version ORDER BY version"));
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
    public async Task QueryAsync_PagesRepeated_UnboundedPageOnGenericPlanTimeRangeOnCustomPlans()
    {
        await _store.Readings.AppendAsync([ReadingStoreContractTests.Reading(at: DateTimeOffset.UtcNow)], default);
        // One pooled connection, so every page runs on the session whose prepared statements are read below.
        await using var dataSource = NpgsqlDataSource.Create(PostgresConnectionDefaults.Apply(new NpgsqlConnectionStringBuilder(_store.ConnectionString) { MaxPoolSize = 1 }.ConnectionString));
        var store = new PostgresReadingStore(dataSource, _store.Get<WriteBehindBuffer>());
        var unbounded = new ReadingQuery(SensorId: "s1") { Limit = 100 };
        var ranged = unbounded with { From = DateTimeOffset.UtcNow.AddHours(-1), To = DateTimeOffset.UtcNow.AddHours(1) };

        for (var i = 0; i < 8; i++)
        {
            Assert.Single(await store.QueryAsync(unbounded, default));
            Assert.Single(await store.QueryAsync(ranged, default));
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var plans = new NpgsqlCommand(
            "SELECT statement LIKE '%ts >=%', generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%FROM readings%ORDER BY id%'", connection);
        var seen = new Dictionary<bool, (long Generic, long Custom)>();
        await using (var row = await plans.ExecuteReaderAsync())
        {
            while (await row.ReadAsync())
            {
                seen[row.GetBoolean(0)] = (row.GetInt64(1), row.GetInt64(2));
            }
        }

        // Planning a custom plan over every partition costs more than the unbounded page itself.
        Assert.Equal(0L, seen[false].Custom);
        Assert.True(seen[false].Generic >= 6, $"generic plans of the unbounded page: {seen[false].Generic}");
        // A time range keeps custom plans: the generic one would read every row of the range before the limit.
        Assert.True(seen[true].Custom > 0, "the time-ranged page ran on a generic plan only");
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
