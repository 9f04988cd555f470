using System.Globalization;
using System.Net;
using System.Text;
using Npgsql;
using SmartMaintenance.TestSupport;
using Xunit.Abstractions;

namespace SmartMaintenance.ScaleOut.Tests;

/// <summary>
/// The cause of the two-instance stall the scale-out bench found (docs/scale-out.md, "Bench"): every instance stores
/// the readings it ingests, drawing ids from one sequence, and the acquisition leader follows the readings table by id
/// with a cursor. When one instance's write drew the lower ids but committed after another instance's write with the
/// higher ids, the leader could read the higher ones first and move its cursor past the lower ones: those readings
/// were stored but never entered the bus, and stayed unjudged for ever. This test makes that interleaving happen on
/// purpose with real processes: a transaction of its own holds the row of instance 1's sensor, so instance 1's write
/// stops after drawing its ids and before committing; then instance 2 stores readings with higher ids. Fixed, the
/// writers commit in id order (a commit-order lock in the readings writer), so instance 2's write waits for instance 1's;
/// before the fix instance 2's readings entered the bus and instance 1's never did.
/// </summary>
public sealed class CommitOrderTests(ITestOutputHelper output)
{
    private const int PerBatch = 5;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task TwoInstancesIngest_LowerIdsCommittedAfterHigherOnes_EveryStoredReadingEntersTheBusOnce()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(2);
        var (first, second) = (cluster.Instances[0], cluster.Instances[1]);
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60);

        // One reading per machine first: the sensors' rows exist, and both are on the bus.
        await PostAsync(first.Http, Batch("co-dev-a", 1, 1, at));
        await PostAsync(second.Http, Batch("co-dev-b", 1, 1, at));
        await Eventually.WaitForAsync(cluster.StreamsAsync, s => s.ReceivedEvents == 2, Patience, "the two first readings on the bus");

        await using var blocker = new NpgsqlConnection(cluster.ConnectionString);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM sensors WHERE sensor_id = 'co-dev-a-temp' FOR UPDATE", blocker, hold))
        {
            Assert.Equal(1, await lockRow.ExecuteScalarAsync());
        }

        // Instance 1 draws its ids, then waits for the sensor row (its transaction open, nothing committed).
        var postFirst = PostAsync(first.Http, Batch("co-dev-a", 2, PerBatch, at));
        await Eventually.WaitForAsync(() => LockWaitersAsync(blocker), n => n >= 1, Patience, "instance 1's write to wait for the sensor row");

        // Instance 2 writes higher ids. Before the fix it committed at once and the leader read them past instance 1's.
        var postSecond = PostAsync(second.Http, Batch("co-dev-b", 2, PerBatch, at));
        var state = await Eventually.WaitForAsync(async () =>
            (Waiters: await LockWaitersAsync(blocker), Received: (await cluster.StreamsAsync()).ReceivedEvents, SecondDone: postSecond.IsCompleted),
            s => s.Waiters >= 2 || (s.SecondDone && s.Received >= 2 + PerBatch), Patience,
            "instance 2's write to wait for instance 1's (fixed) or its readings to enter the bus (the stall)");
        output.WriteLine($"while instance 1's write was held: {state}");

        await hold.RollbackAsync();
        await postFirst;
        await postSecond;

        var stored = await StoredReadingsAsync(cluster.ConnectionString);
        Assert.Equal(2 + 2 * PerBatch, stored);
        var streams = await Eventually.WaitForAsync(cluster.StreamsAsync, s => s.ReceivedEvents >= (ulong)stored, Patience,
            $"all {stored} stored readings to enter the bus (readings with lower ids committed late were skipped by the acquisition cursor)");
        output.WriteLine($"streams: {streams}");
        Assert.Equal((ulong)stored, streams.ReceivedEvents); // once each: a repeat would take a sequence number too
    }

    private static async Task<int> LockWaitersAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> StoredReadingsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM readings", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task PostAsync(HttpClient http, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/api/v1/data/ingest/batch", content);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"ingest at {http.BaseAddress} answered {(int)response.StatusCode}: {answer}");
    }

    /// <summary>Readings [from, from + count) of one one-sensor machine, a second apart.</summary>
    private static string Batch(string device, int from, int count, DateTimeOffset start)
    {
        var items = string.Join(',', Enumerable.Range(from, count).Select(sequence =>
        {
            var ts = start.AddSeconds(sequence);
            return string.Create(CultureInfo.InvariantCulture,
                $$"""{"site":"plant-1","device_id":"{{device}}","sequence":{{sequence}},"received_at":"{{ts.AddMilliseconds(200):O}}","message":{"v":1,"dev":"{{device}}","seq":{{sequence}},"ts":{{ts.ToUnixTimeMilliseconds()}},"cv":1,"sid":"{{device}}-temp","st":"temperature","u":"°C","k":"r","val":{{60 + sequence * 0.1}} } }""");
        }));
        return $$"""{"broker_id":"co-broker","batch_id":"{{device}}-{{from}}","items":[{{items}}]}""";
    }
}
