using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace SmartMaintenance.Cloud.Bench;

/// <summary>
/// GET /api/v1/sensors/readings at a fixed concurrency for a fixed time: half first pages of a random sensor, half
/// pages after a random cursor of a random sensor (limit 100), over a table seeded with Rows readings by COPY.
/// Reports requests per second and p50/p99 latency measured by the client.
/// </summary>
internal static class QueryBench
{
    public static async Task<int> RunAsync(BenchOptions o)
    {
        await using var host = await BenchHost.StartAsync("bench_query");
        var maxId = await SeedAsync(host.ConnectionString, o.Rows, o.Sensors);
        Console.WriteLine($"query: seeded {o.Rows} readings over {o.Sensors} sensors; {o.Concurrency} concurrent clients for {o.Seconds} s (+3 s warm-up)");
        using var client = host.Client(o.Concurrency);

        var latencies = new List<double>[o.Concurrency];
        long errors = 0;
        var warmUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 3;
        var stopAt = warmUntil + Stopwatch.Frequency * o.Seconds;
        await Task.WhenAll(Enumerable.Range(0, o.Concurrency).Select(async w =>
        {
            var random = new Random(w);
            var mine = latencies[w] = new List<double>(100_000);
            while (true)
            {
                var started = Stopwatch.GetTimestamp();
                if (started >= stopAt)
                {
                    break;
                }

                var sensor = $"s{random.Next(o.Sensors)}";
                var url = random.Next(2) == 0
                    ? $"/api/v1/sensors/readings?sensor_id={sensor}&limit=100"
                    : $"/api/v1/sensors/readings?sensor_id={sensor}&limit=100&cursor={random.NextInt64(maxId)}";
                using var response = await client.GetAsync(url);
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }

                if (started >= warmUntil)
                {
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }));

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var rps = all.Length / (double)o.Seconds;
        Console.WriteLine();
        Console.WriteLine("| rows | sensors | clients | seconds | requests | errors | RPS | p50 ms | p99 ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine($"| {o.Rows} | {o.Sensors} | {o.Concurrency} | {o.Seconds} | {all.Length} | {errors} | {rps:F0} | {all[all.Length / 2]:F2} | {all[(int)(all.Length * 0.99)]:F2} |");
        return errors == 0 ? 0 : 1;
    }

    private static async Task<long> SeedAsync(string connectionString, int rows, int sensors)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var start = DateTimeOffset.UtcNow.AddHours(-12).UtcDateTime;
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY readings (sensor_id, sensor_type, unit, kind, value, ts, received_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < rows; i++)
            {
                var ts = start.AddMilliseconds(i * 40L);
                await importer.StartRowAsync();
                await importer.WriteAsync($"s{i % sensors}", NpgsqlDbType.Text);
                await importer.WriteAsync("temperature", NpgsqlDbType.Text);
                await importer.WriteAsync("K", NpgsqlDbType.Text);
                await importer.WriteAsync("r", NpgsqlDbType.Text);
                await importer.WriteAsync(300 + (i % 97) * 0.1, NpgsqlDbType.Double);
                await importer.WriteAsync(ts, NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(ts, NpgsqlDbType.TimestampTz);
            }

            await importer.CompleteAsync();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE readings; SELECT max(id) FROM readings", connection);
        return (long)(await analyze.ExecuteScalarAsync())!;
    }
}
