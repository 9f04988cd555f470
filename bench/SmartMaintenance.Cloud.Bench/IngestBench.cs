using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Cloud.Bench;

/// <summary>
/// POST /api/v1/data/ingest/batch (gzip, as the broker sends) until every row is committed — each answer is only
/// sent after its rows are committed, so "all answers back" = "all rows committed" — then a raw binary COPY of
/// the same rows into the same (partitioned, indexed) readings table of a fresh database, in the same run.
/// </summary>
internal static class IngestBench
{
    public static async Task<int> RunAsync(BenchOptions o)
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        var devices = 1000;
        var items = Enumerable.Range(0, o.Rows).Select(i =>
        {
            var device = $"dev-{i % devices}";
            var seq = i / devices;
            var ts = start.AddMilliseconds(i);
            return new IngestBatchItem
            {
                Site = "plant-1", DeviceId = device, Sequence = seq, ReceivedAt = ts, CorrelationId = $"{device}-{seq}",
                Message = new DeviceMessage
                {
                    DeviceId = device, Sequence = seq, TimestampMs = ts.ToUnixTimeMilliseconds(), SensorId = $"{device}-temp",
                    SensorType = "temperature", Unit = "K", Kind = MessageKinds.Reading, Value = 300 + (i % 100) * 0.01,
                },
            };
        }).ToList();
        var bodies = items.Chunk(o.BatchSize).Select((chunk, n) =>
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(new IngestBatch { BrokerId = "bench", BatchId = $"b{n}", Items = chunk }, ContractsJsonContext.Default.IngestBatch);
            if (!o.Gzip)
            {
                return json;
            }

            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(json);
            }

            return buffer.ToArray();
        }).ToList();
        Console.WriteLine($"ingest: {o.Rows} rows in {bodies.Count} batches of {o.BatchSize}, {o.Concurrency} concurrent posters, gzip={o.Gzip}, " +
                          $"{bodies.Sum(b => (long)b.Length) / 1024 / 1024} MiB on the wire");

        // 1. Through the API.
        double apiRate, p50, p99, flushSeconds, flushes;
        await using (var host = await BenchHost.StartAsync("bench_ingest"))
        {
            using var client = host.Client(o.Concurrency);
            await WarmUpAsync(client);
            var latencies = new double[bodies.Count];
            var next = -1;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, o.Concurrency).Select(async _ =>
            {
                int n;
                while ((n = Interlocked.Increment(ref next)) < bodies.Count)
                {
                    var started = Stopwatch.GetTimestamp();
                    var content = new ByteArrayContent(bodies[n]);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    if (o.Gzip)
                    {
                        content.Headers.ContentEncoding.Add("gzip");
                    }

                    using var response = await client.PostAsync("/api/v1/data/ingest/batch", content);
                    var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult);
                    if (!response.IsSuccessStatusCode || result!.Stored + result.Duplicates != result.Items.Count || result.Rejected != 0)
                    {
                        throw new InvalidOperationException($"batch {n}: {(int)response.StatusCode}");
                    }

                    latencies[n] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }));
            clock.Stop();
            var committed = await CountAsync(host.ConnectionString);
            if (committed < o.Rows)
            {
                throw new InvalidOperationException($"only {committed} of {o.Rows} rows committed");
            }

            apiRate = o.Rows / clock.Elapsed.TotalSeconds;
            // Where the time went: the write-behind flushes' own timing from /metrics (sum of commit durations).
            var metrics = await client.GetStringAsync("/metrics");
            flushSeconds = MetricSum(metrics, "sm_db_write_duration_seconds_sum");
            flushes = MetricSum(metrics, "sm_db_write_duration_seconds_count");
            Array.Sort(latencies);
            (p50, p99) = (latencies[latencies.Length / 2], latencies[(int)(latencies.Length * 0.99)]);
            Console.WriteLine($"api: {committed} rows committed in {clock.Elapsed.TotalSeconds:F2} s");
        }

        // 2. Raw binary COPY of the same rows, one COPY on one connection, into a freshly migrated database.
        double copyRate;
        string copyDb;
        await using (var host = await BenchHost.StartAsync("bench_copy"))
        {
            copyDb = host.ConnectionString;
        }

        await using (var connection = new NpgsqlConnection(copyDb))
        {
            await connection.OpenAsync();
            var clock = Stopwatch.StartNew();
            await using (var importer = await connection.BeginBinaryImportAsync(
                "COPY readings (device_id, sequence, sensor_id, sensor_type, unit, kind, value, ts, received_at, correlation_id) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var item in items)
                {
                    var m = item.Message;
                    importer.StartRow();
                    importer.Write(item.DeviceId, NpgsqlDbType.Text);
                    importer.Write(item.Sequence, NpgsqlDbType.Bigint);
                    importer.Write(m.SensorId, NpgsqlDbType.Text);
                    importer.Write(m.SensorType, NpgsqlDbType.Text);
                    importer.Write(m.Unit, NpgsqlDbType.Text);
                    importer.Write(m.Kind, NpgsqlDbType.Text);
                    importer.Write(m.Value, NpgsqlDbType.Double);
                    importer.Write(m.Timestamp!.Value.UtcDateTime, NpgsqlDbType.TimestampTz);
                    importer.Write(item.ReceivedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                    importer.Write(item.CorrelationId!, NpgsqlDbType.Text);
                }

                await importer.CompleteAsync();
            }

            clock.Stop();
            copyRate = o.Rows / clock.Elapsed.TotalSeconds;
            Console.WriteLine($"copy: {await CountAsync(copyDb)} rows committed in {clock.Elapsed.TotalSeconds:F2} s");
        }

        Console.WriteLine($"write-behind: {flushes:F0} flushes, {flushSeconds:F2} s inside flushes ({o.Rows / flushSeconds:F0} rows/s while flushing, " +
                          $"{flushSeconds / (o.Rows / apiRate) * 100:F0}% of the API run)");
        Console.WriteLine();
        Console.WriteLine("| rows | batch | posters | gzip | API rows/s | raw COPY rows/s | API / COPY | batch p50 ms | batch p99 ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine($"| {o.Rows} | {o.BatchSize} | {o.Concurrency} | {(o.Gzip ? "yes" : "no")} | {apiRate:F0} | {copyRate:F0} | {apiRate / copyRate:F2} | {p50:F1} | {p99:F1} |");
        return 0;
    }

    private static double MetricSum(string metrics, string name) => metrics.Split('\n')
        .Where(l => l.StartsWith(name, StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private static async Task WarmUpAsync(HttpClient client)
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            var batch = new IngestBatch
            {
                BrokerId = "bench", BatchId = $"warm{i}",
                Items = [new IngestBatchItem { DeviceId = "warm", Sequence = i, ReceivedAt = now,
                    Message = new DeviceMessage { DeviceId = "warm", Sequence = i, SensorId = "warm-t", SensorType = "temperature", Unit = "K", Value = 1 } }],
            };
            (await client.PostAsJsonAsync("/api/v1/data/ingest/batch", batch, ContractsJsonContext.Default.IngestBatch)).EnsureSuccessStatusCode();
        }
    }

    private static async Task<long> CountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM readings WHERE device_id <> 'warm'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
