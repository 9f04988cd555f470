using SmartMaintenance.TestSupport;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Tests.Api;

/// <summary>CSV import and export, keyset pagination over HTTP, aggregates, the sensor list.</summary>
public sealed class CsvAndQueryApiTests(CloudHostFixture fixture) : IClassFixture<CloudHostFixture>
{
    private CloudHost Host => fixture.Host;

    private async Task<HttpResponseMessage> PostCsvAsync(string csv, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/data/ingest/csv")
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await Host.Admin.SendAsync(request);
    }

    [Fact]
    public async Task ImportCsv_WithBadRows_ValidRowsStoredAndErrorsCarryLineNumbers()
    {
        var csv = """
            sensor_id,value,sensor_type,unit,timestamp
            csv-a,1.5,humidity,%,2026-03-01T10:00:00Z
            csv-a,abc,humidity,%,2026-03-01T10:01:00Z
            csv-a,2.5,temperature,rpm,2026-03-01T10:02:00Z
            "csv-a","3.5",humidity,%,2026-03-01T10:03:00Z

            csv-a,4.5,humidity,%,not-a-time
            csv-a,5.5,humidity,%,2026-03-01T10:05:00Z
            """;

        var response = await PostCsvAsync(csv);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((6, 3, 3), (result.GetProperty("rows").GetInt32(), result.GetProperty("stored").GetInt32(), result.GetProperty("rejected").GetInt32()));
        var errors = result.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(3, "value"), (4, "unit"), (7, "timestamp")], errors);
        Assert.Equal([1.5, 3.5, 5.5], (await Host.ReadingsAsync("&sensor_id=csv-a")).Items.Select(r => r.Value));
    }

    [Fact]
    public async Task ImportCsv_SameFileTwiceWithIdempotencyKey_RowsStoredOnce()
    {
        var csv = "sensor_id,value,sensor_type,unit\ncsv-idem,1,humidity,%\ncsv-idem,2,humidity,%\n";

        await PostCsvAsync(csv, "upload-1");
        var again = await (await PostCsvAsync(csv, "upload-1")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((0, 2), (again.GetProperty("stored").GetInt32(), again.GetProperty("duplicates").GetInt32()));
        Assert.Equal(2, (await Host.ReadingsAsync("&sensor_id=csv-idem")).Items.Count);
    }

    [Fact]
    public async Task ImportCsv_HeaderMissingColumns_400NothingStored()
    {
        var response = await PostCsvAsync("sensor,value\ncsv-h,1\n");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("sensor_id", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ImportCsv_WrongMediaType_415()
    {
        var response = await Host.Admin.PostAsync("/api/v1/data/ingest/csv", CloudHost.Json("{}"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task ImportCsv_LargeStreamedUpload_AllRowsStored()
    {
        // 60,000 rows (~3 MB) sent as a stream: the server stores them in chunks while reading.
        const int rows = 60_000;
        var content = new PushStreamContent(async stream =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 65536, leaveOpen: true);
            await writer.WriteAsync("sensor_id,value,sensor_type,unit,timestamp\n");
            var t0 = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < rows; i++)
            {
                await writer.WriteAsync($"csv-big,{i},humidity,%,{t0.AddSeconds(i):O}\n");
            }
        });
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");

        var response = await Host.Admin.PostAsync("/api/v1/data/ingest/csv", content);

        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(rows, result.GetProperty("stored").GetInt32());
        var page = (await Host.Admin.GetFromJsonAsync("/api/v1/sensors/readings?sensor_id=csv-big&limit=1&include_total=true",
            ContractsJsonContext.Default.ReadingPage))!;
        Assert.Equal(rows, page.Total);
    }

    [Fact]
    public async Task ImportCsv_UploadStillOpen_FirstChunksAlreadyStored()
    {
        // Proof that the upload is not buffered: the client sends 20,000 rows, then holds the request body open
        // until the server has stored rows from them; only then does it send the rest. A server that read the
        // whole body before storing anything would never get there (the test would time out at the wait).
        const string sensor = "csv-open";
        var firstStored = new TaskCompletionSource();
        var content = new PushStreamContent(async stream =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 65536, leaveOpen: true);
            await writer.WriteAsync("sensor_id,value,sensor_type,unit,timestamp\n");
            var t0 = new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < 40_000; i++)
            {
                if (i == 20_000)
                {
                    await writer.FlushAsync();
                    await stream.FlushAsync();
                    await Eventually.WaitForAsync(async () => (await Host.Admin.GetFromJsonAsync(
                            $"/api/v1/sensors/readings?sensor_id={sensor}&limit=1&include_total=true", ContractsJsonContext.Default.ReadingPage))!.Total,
                        total => total > 0, TimeSpan.FromSeconds(60), "rows stored while the upload is still open");
                    firstStored.SetResult();
                }

                await writer.WriteAsync($"{sensor},{i},humidity,%,{t0.AddSeconds(i):O}\n");
            }
        });
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");

        var response = await Host.Admin.PostAsync("/api/v1/data/ingest/csv", content);

        Assert.True(firstStored.Task.IsCompletedSuccessfully);
        Assert.Equal(40_000, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stored").GetInt32());
    }

    [Fact]
    public async Task ExportCsv_Filtered_StreamsHeaderAndEveryMatchingRow()
    {
        await PostCsvAsync("sensor_id,value,sensor_type,unit,timestamp\ncsv-x,1,humidity,%,2026-03-01T00:00:00Z\ncsv-x,2,humidity,%,2026-03-01T00:01:00Z\n");

        var response = await Host.Admin.GetAsync("/api/v1/sensors/readings.csv?sensor_id=csv-x");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.StartsWith("id,device_id,sequence,sensor_id", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(",csv-x,humidity,%,r,2,2026-03-01T00:01:00.0000000Z,", lines[2]);
    }

    [Fact]
    public async Task GetReadings_PagingWhileAnotherClientInserts_EveryReadingExactlyOnce()
    {
        async Task Insert(int from, int count)
        {
            var csv = new StringBuilder("sensor_id,value,sensor_type,unit\n");
            for (var i = from; i < from + count; i++)
            {
                csv.Append("page-s,").Append(i).Append(",humidity,%\n");
            }

            (await PostCsvAsync(csv.ToString())).EnsureSuccessStatusCode();
        }

        await Insert(0, 50);
        var writer = Task.Run(async () =>
        {
            for (var batch = 0; batch < 10; batch++)
            {
                await Insert(1000 + batch * 5, 5);
            }
        });

        var values = new List<double>();
        long cursor = 0;
        var pages = 0;
        while (true)
        {
            // Read "done" before the query: every row the writer committed is then visible to this query.
            var done = writer.IsCompleted;
            var page = (await Host.Admin.GetFromJsonAsync($"/api/v1/sensors/readings?sensor_id=page-s&limit=9&cursor={cursor}",
                ContractsJsonContext.Default.ReadingPage))!;
            values.AddRange(page.Items.Select(r => r.Value));
            pages++;
            cursor = page.Items.Count > 0 ? page.Items[^1].Id : cursor;
            if (page.NextCursor is null && done)
            {
                break;
            }
        }

        await writer;
        Assert.Equal(100, values.Count);
        Assert.Equal(100, values.Distinct().Count());
        Assert.True(pages > 5);
    }

    [Fact]
    public async Task GetReadings_BadParameters_400NamingEach()
    {
        var response = await Host.Admin.GetAsync("/api/v1/sensors/readings?limit=0&cursor=abc&from=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("limit", out _) && errors.TryGetProperty("cursor", out _) && errors.TryGetProperty("from", out _));
    }

    [Fact]
    public async Task GetAggregates_HourBuckets_CountMinMaxAvg()
    {
        await PostCsvAsync("""
            sensor_id,value,sensor_type,unit,timestamp
            agg-s,1,humidity,%,2026-03-01T10:05:00Z
            agg-s,3,humidity,%,2026-03-01T10:55:00Z
            agg-s,10,humidity,%,2026-03-01T12:00:00Z
            """);

        var buckets = await Host.Admin.GetFromJsonAsync<JsonElement>("/api/v1/sensors/agg-s/aggregates?bucket=1h&from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z");

        var list = buckets.EnumerateArray().Select(b => (b.GetProperty("bucket_start").GetDateTimeOffset().Hour, b.GetProperty("count").GetInt32(),
            b.GetProperty("min").GetDouble(), b.GetProperty("max").GetDouble(), b.GetProperty("avg").GetDouble())).ToList();
        Assert.Equal([(10, 2, 1.0, 3.0, 2.0), (12, 1, 10.0, 10.0, 10.0)], list);
        Assert.Equal(HttpStatusCode.BadRequest, (await Host.Admin.GetAsync("/api/v1/sensors/agg-s/aggregates?bucket=5m")).StatusCode);
    }

    [Fact]
    public async Task GetSensors_AfterIngest_ShowsTypeUnitAndLastValue()
    {
        await PostCsvAsync("sensor_id,value,sensor_type,unit,timestamp\nlist-s,7,vibration,mm/s,2026-03-01T10:00:00Z\nlist-s,8,vibration,mm/s,2026-03-01T10:01:00Z\n");

        var sensors = await Host.Admin.GetFromJsonAsync<JsonElement>("/api/v1/sensors");

        var s = sensors.EnumerateArray().Single(e => e.GetProperty("sensor_id").GetString() == "list-s");
        Assert.Equal(("vibration", "mm/s", 8.0), (s.GetProperty("sensor_type").GetString(), s.GetProperty("unit").GetString(), s.GetProperty("last_value").GetDouble()));
    }
}

/// <summary>HttpContent written by a callback while it is sent (chunked), so a large body never sits in memory.</summary>
internal sealed class PushStreamContent(Func<Stream, Task> write) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => write(stream);

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }

    protected override void Dispose(bool disposing) => base.Dispose(disposing);
}
