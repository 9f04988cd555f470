using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Tests.Api;

/// <summary>The ingest endpoints on the real host and PostgreSQL: bad input, batches, idempotency, metrics.</summary>
public sealed class IngestionApiTests(CloudHostFixture fixture) : IClassFixture<CloudHostFixture>
{
    private CloudHost Host => fixture.Host;

    private static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static TheoryData<string, string> BadReadings => new()
    {
        { """{"value":1,"sensor_type":"temperature","unit":"K"}""", "sensor_id" },
        { """{"sensor_id":"s","sensor_type":"temperature","unit":"K"}""", "value" },
        { """{"sensor_id":"s","value":"hot","sensor_type":"temperature","unit":"K"}""", "value" },
        { """{"sensor_id":"s","value":"NaN","sensor_type":"temperature","unit":"K"}""", "value" },
        { """{"sensor_id":"s","value":1e999,"sensor_type":"temperature","unit":"K"}""", "value" },
        { """{"sensor_id":"s","value":1,"unit":"K"}""", "sensor_type" },
        { """{"sensor_id":"s","value":1,"sensor_type":"temperature"}""", "unit" },
        { """{"sensor_id":"s","value":1,"sensor_type":"temperature","unit":"rpm"}""", "unit" },
        { """{"sensor_id":"s","value":1,"sensor_type":"temperature","unit":"K","timestamp":"2999-01-01T00:00:00Z"}""", "timestamp" },
        { """{"sensor_id":"s","value":1,"sensor_type":"temperature","unit":"K","timestamp":"yesterday"}""", "timestamp" },
        { """{"sensor_id":"bad id with spaces","value":1,"sensor_type":"temperature","unit":"K"}""", "sensor_id" },
        { """{"sensor_id":"s","value":1,"sensor_type":"temperature","unit":"K" """, "body" },
        { "[]", "body" },
    };

    [Theory]
    [MemberData(nameof(BadReadings))]
    public async Task IngestOne_BadInput_400ProblemDetailsNamingTheField(string body, string field)
    {
        var response = await Host.Admin.PostAsync("/api/v1/data/ingest", CloudHost.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {problem}");
    }

    [Fact]
    public async Task IngestOne_WrongMediaType_415()
    {
        var response = await Host.Admin.PostAsync("/api/v1/data/ingest", new StringContent("sensor_id=s", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task IngestOne_BodyOverTheLimit_413()
    {
        await using var host = await CloudHost.StartAsync("--Cloud:Http:MaxJsonBodyBytes=2048");
        var body = $$"""{"sensor_id":"s","value":1,"sensor_type":"temperature","unit":"K","correlation_id":"{{new string('x', 4000)}}"}""";

        var response = await host.Admin.PostAsync("/api/v1/data/ingest", CloudHost.Json(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task IngestOne_Valid_202WithIdAndCorrelationIdAndStored()
    {
        var response = await Host.Admin.PostAsync("/api/v1/data/ingest",
            CloudHost.Json("""{"sensor_id":"one-ok","value":301.5,"sensor_type":"temperature","unit":"K","correlation_id":"corr-42"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.ReadingIngestResponse);
        Assert.Equal("corr-42", body!.CorrelationId);
        var stored = Assert.Single((await Host.ReadingsAsync("&sensor_id=one-ok")).Items);
        Assert.Equal((body.ReadingId, 301.5, "corr-42"), (stored.Id, stored.Value, stored.CorrelationId));
    }

    [Fact]
    public async Task IngestOne_SameIdempotencyKeyTwice_StoredOnce()
    {
        async Task<HttpResponseMessage> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/data/ingest")
            {
                Content = CloudHost.Json("""{"sensor_id":"idem-one","value":305,"sensor_type":"temperature","unit":"K"}"""),
            };
            request.Headers.Add("Idempotency-Key", "retry-7");
            return await Host.Admin.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.Accepted, (await Send()).StatusCode);
        var second = await Send();

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("duplicate", (await second.Content.ReadFromJsonAsync(ContractsJsonContext.Default.ReadingIngestResponse))!.Status);
        Assert.Single((await Host.ReadingsAsync("&sensor_id=idem-one")).Items);
    }

    [Fact]
    public async Task IngestBatch_ClockNotYetValid_ReplayedReadingDatedByUptimeNotArrival()
    {
        // A board before SNTP (cv=0) sends its uptime. Live at uptime 100 s, then a reading taken at uptime 150 s
        // that waited 10 minutes in the device's outbox: it is dated boot + 150 s, not at its arrival.
        var boot = DateTimeOffset.UtcNow.AddHours(-1);
        string Unsynced(long seq, long uptimeMs, DateTimeOffset receivedAt) => $$"""
            {"site":"plant-1","device_id":"clk-1","sequence":{{seq}},"received_at":"{{receivedAt:O}}","correlation_id":"clk-1-{{seq}}",
             "message":{"v":1,"dev":"clk-1","seq":{{seq}},"cv":0,"up":{{uptimeMs}},"sid":"clk-1-temp","st":"temperature","u":"K","k":"r","val":300} }
            """;
        var json = $$"""{"broker_id":"b1","batch_id":"clk","items":[{{Unsynced(1, 100_000, boot.AddSeconds(100))}},{{Unsynced(2, 150_000, boot.AddSeconds(750))}}]}""";

        var response = await Host.Admin.PostAsync("/api/v1/data/ingest/batch", CloudHost.Json(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await Host.ReadingsAsync("&device_id=clk-1")).Items.OrderBy(r => r.Sequence).ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(boot.AddSeconds(100), items[0].Timestamp, TimeSpan.FromMilliseconds(5));
        Assert.Equal(boot.AddSeconds(150), items[1].Timestamp, TimeSpan.FromMilliseconds(5));
    }

    private static string Item(string device, long seq, string value = "300.5", string unit = "K", long? ts = null) => $$"""
        {"site":"plant-1","device_id":"{{device}}","sequence":{{seq}},"received_at":"{{DateTimeOffset.UtcNow:O}}","correlation_id":"{{device}}-{{seq}}",
         "message":{"v":1,"dev":"{{device}}","seq":{{seq}},"ts":{{ts ?? NowMs}},"cv":1,"sid":"{{device}}-temp","st":"temperature","u":"{{unit}}","k":"r","val":{{value}} } }
        """;

    private static HttpContent Gzip(string json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    [Fact]
    public async Task IngestBatch_GzipWithBadNeighbours_ValidItemsStoredBadOnesRejectedAndDeadLettered()
    {
        var json = $$"""
            {"broker_id":"b1","batch_id":"mixed","items":[
              {{Item("bm-1", 1)}},
              {{Item("bm-1", 2, value: "\"hot\"")}},
              {{Item("bm-1", 3, unit: "rpm")}},
              {{Item("bm-1", 4, ts: NowMs + 3_600_000)}},
              {{Item("bm-1", 5)}}
            ]}
            """;

        var response = await Host.Admin.PostAsync("/api/v1/data/ingest/batch", Gzip(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult);
        Assert.Equal((2, 0, 3), (result!.Stored, result.Duplicates, result.Rejected));
        Assert.Equal(["stored", "rejected", "rejected", "rejected", "stored"], result.Items.Select(i => i.Status));
        Assert.Equal([1L, 2, 3, 4, 5], result.Items.Select(i => i.Sequence));
        Assert.Contains("message.val", result.Items[1].Error);
        Assert.Contains("rpm", result.Items[2].Error);
        Assert.Equal([1L, 5], (await Host.ReadingsAsync("&device_id=bm-1")).Items.Select(r => r.Sequence!.Value));
        var letters = await Host.Admin.GetStringAsync("/api/v1/admin/ingest/dead-letters?limit=1000");
        Assert.True(letters.Contains("bm-1", StringComparison.Ordinal), letters[..Math.Min(letters.Length, 1500)]);
    }

    [Fact]
    public async Task IngestBatch_SameBatchTwice_EveryReadingStoredOnce()
    {
        var json = $$"""{"broker_id":"b1","batch_id":"twice","items":[{{Item("bt-1", 1)}},{{Item("bt-1", 2)}},{{Item("bt-2", 1)}}]}""";

        var first = await (await Host.Admin.PostAsync("/api/v1/data/ingest/batch", Gzip(json))).Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult);
        var second = await (await Host.Admin.PostAsync("/api/v1/data/ingest/batch", CloudHost.Json(json))).Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult);

        Assert.Equal((3, 0), (first!.Stored, first.Duplicates));
        Assert.Equal((0, 3), (second!.Stored, second.Duplicates));
        Assert.All(second.Items, i => Assert.Equal("duplicate", i.Status));
        Assert.Equal(2, (await Host.ReadingsAsync("&device_id=bt-1")).Items.Count);
        var metrics = await Host.Admin.GetStringAsync("/metrics");
        Assert.Contains("sm_readings_deduplicated_total", metrics);
        Assert.Contains("sm_readings_ingested_total", metrics);
    }

    [Fact]
    public async Task IngestBatch_EmptySummary_AcceptedAsEmptyNothingStoredValuelessReadingRejected()
    {
        const string EmptySummary = "\"k\":\"s\",\"n\":0";
        const string FullSummary = "\"k\":\"s\",\"val\":301.5,\"n\":60,\"sd\":0.4,\"min\":300.9,\"max\":302.1";
        const string ValuelessReading = "\"k\":\"r\"";
        string Message(long seq, string body) => $$"""
            {"site":"plant-1","device_id":"es-1","sequence":{{seq}},"received_at":"{{DateTimeOffset.UtcNow:O}}",
             "message":{"v":1,"dev":"es-1","seq":{{seq}},"ts":{{NowMs}},"cv":1,"sid":"es-1-temp","st":"temperature","u":"K",{{body}} } }
            """;
        var json = $$"""
            {"broker_id":"b1","batch_id":"empty-summary","items":[
              {{Message(1, EmptySummary)}},
              {{Message(2, FullSummary)}},
              {{Message(3, ValuelessReading)}}
            ]}
            """;

        var response = await Host.Admin.PostAsync("/api/v1/data/ingest/batch", CloudHost.Json(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult);
        Assert.Equal(["empty", "stored", "rejected"], result!.Items.Select(i => i.Status));
        Assert.Equal((1, 0, 1), (result.Stored, result.Duplicates, result.Rejected));
        Assert.Contains("value is required", result.Items[2].Error);
        var stored = Assert.Single((await Host.ReadingsAsync("&device_id=es-1")).Items);
        Assert.Equal((2L, 301.5), (stored.Sequence!.Value, stored.Value));
    }

    [Fact]
    public async Task IngestBatch_NotAnObject_400()
    {
        var response = await Host.Admin.PostAsync("/api/v1/data/ingest/batch", CloudHost.Json("""{"items": 7}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
