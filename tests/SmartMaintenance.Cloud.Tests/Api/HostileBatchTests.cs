using System.Net;
using System.Net.Http.Json;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Tests.Api;

/// <summary>
/// Issue 13, finding 1: nothing a device can send makes the cloud answer 500 for a batch. Each hostile item sits
/// between two valid neighbours; the batch is answered 200, the bad item refused with its reason, the neighbours
/// stored. Real host, real PostgreSQL.
/// </summary>
public sealed class HostileBatchTests(CloudHostFixture fixture) : IClassFixture<CloudHostFixture>
{
    private CloudHost Host => fixture.Host;

    private static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>The message fields after the common ones, for the item in the middle; the expected words of the reason.</summary>
    public static TheoryData<string, string, string> HostileMessages => new()
    {
        // The reproduction of the issue: clock not valid, uptime 2^63-1 (DeviceClocks threw).
        { "uptime-max", $$"""{"v":1,"dev":"@D","seq":2,"cv":0,"up":9223372036854775807,"sid":"@D-temp","st":"temperature","u":"K","k":"r","val":300}""", "uptime" },
        { "uptime-neg", $$"""{"v":1,"dev":"@D","seq":2,"cv":0,"up":-9223372036854775808,"sid":"@D-temp","st":"temperature","u":"K","k":"r","val":300}""", "uptime" },
        { "uptime-calib", $$"""{"v":1,"dev":"@D","seq":2,"ts":{{NowMs}},"cv":1,"up":9223372036854775807,"sid":"@D-temp","st":"temperature","u":"K","k":"r","val":300}""", "uptime" },
        // Year 10000 and before year 1 (DateTimeOffset.FromUnixTimeMilliseconds threw).
        { "year-10000", """{"v":1,"dev":"@D","seq":2,"ts":253402300800000,"cv":1,"sid":"@D-temp","st":"temperature","u":"K","k":"r","val":300}""", "timestamp" },
        { "before-year-1", """{"v":1,"dev":"@D","seq":2,"ts":-62135596800001,"cv":1,"sid":"@D-temp","st":"temperature","u":"K","k":"r","val":300}""", "timestamp" },
        { "ts-max", """{"v":1,"dev":"@D","seq":2,"ts":9223372036854775807,"cv":1,"sid":"@D-temp","st":"temperature","u":"K","k":"r","val":300}""", "timestamp" },
        { "year-1970", """{"v":1,"dev":"@D","seq":2,"ts":1000,"cv":1,"sid":"@D-temp","st":"temperature","u":"K","k":"r","val":300}""", "timestamp" },
        // Values the broker would never pass.
        { "kelvin-5000", $$"""{"v":1,"dev":"@D","seq":2,"ts":{{NowMs}},"cv":1,"sid":"@D-temp","st":"temperature","u":"K","k":"r","val":5000}""", "plausible" },
        { "huge-negative", $$"""{"v":1,"dev":"@D","seq":2,"ts":{{NowMs}},"cv":1,"sid":"@D-temp","st":"temperature","u":"K","k":"r","val":-1e300}""", "plausible" },
        { "count-neg", $$"""{"v":1,"dev":"@D","seq":2,"ts":{{NowMs}},"cv":1,"sid":"@D-temp","st":"temperature","u":"K","k":"s","val":300,"n":-9223372036854775808,"sd":1}""", "count" },
        { "min-nan", $$"""{"v":1,"dev":"@D","seq":2,"ts":{{NowMs}},"cv":1,"sid":"@D-temp","st":"temperature","u":"K","k":"s","val":300,"n":5,"sd":1,"min":"NaN"}""", "min" },
        // Text PostgreSQL cannot store (NUL) or UTF-8 cannot encode (a lone surrogate).
        { "nul-type", $$"""{"v":1,"dev":"@D","seq":2,"ts":{{NowMs}},"cv":1,"sid":"@D-temp","st":"gear\u0000box","u":"K","k":"r","val":300}""", "sensor type" },
        { "surrogate-unit", $$"""{"v":1,"dev":"@D","seq":2,"ts":{{NowMs}},"cv":1,"sid":"@D-temp","st":"gearbox","u":"\ud800","k":"r","val":300}""", "message.u" },
        { "long-type", $$"""{"v":1,"dev":"@D","seq":2,"ts":{{NowMs}},"cv":1,"sid":"@D-temp","st":"{{new string('t', 5000)}}","u":"K","k":"r","val":300}""", "sensor type" },
        { "null-message", "null", "message" },
    };

    [Theory]
    [MemberData(nameof(HostileMessages))]
    public async Task IngestBatch_HostileItemBetweenValidOnes_OnlyItRefusedWithReasonNeighboursStored(string name, string message, string reason)
    {
        var device = "hb-" + name;
        var json = $$"""
            {"broker_id":"b1","batch_id":"{{device}}","items":[
              {{Item(device, 1, Valid(device, 1))}},
              {{Item(device, 2, message.Replace("@D", device, StringComparison.Ordinal))}},
              {{Item(device, 3, Valid(device, 3))}}
            ]}
            """;

        var response = await Host.Admin.PostAsync("/api/v1/data/ingest/batch", CloudHost.Json(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult);
        Assert.Equal(["stored", "rejected", "stored"], result!.Items.Select(i => i.Status));
        Assert.Equal(2L, result.Items[1].Sequence);
        Assert.Contains(reason, result.Items[1].Error!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([1L, 3], (await Host.ReadingsAsync($"&device_id={device}")).Items.Select(r => r.Sequence!.Value).Order());
    }

    [Theory]
    [InlineData("received-10000", "9999-12-31T23:59:59+00:00")]
    [InlineData("received-year-1", "0001-01-01T00:00:00+00:00")]
    [InlineData("received-offset", "0001-01-01T00:00:00+14:00")]
    public async Task IngestBatch_ReceivedAtOutOfRangeWithUptime_OnlyThatItemRefused(string name, string receivedAt)
    {
        var device = "hb-" + name;
        var bad = $$"""
            {"site":"plant-1","device_id":"{{device}}","sequence":2,"received_at":"{{receivedAt}}",
             "message":{"v":1,"dev":"{{device}}","seq":2,"cv":0,"up":5000,"sid":"{{device}}-temp","st":"temperature","u":"K","k":"r","val":300} }
            """;
        var json = $$"""{"broker_id":"b1","batch_id":"{{device}}","items":[{{Item(device, 1, Valid(device, 1))}},{{bad}},{{Item(device, 3, Valid(device, 3))}}]}""";

        var response = await Host.Admin.PostAsync("/api/v1/data/ingest/batch", CloudHost.Json(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult);
        Assert.Equal(["stored", "rejected", "stored"], result!.Items.Select(i => i.Status));
        Assert.Contains("received_at", result.Items[1].Error!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"broker_id":"b1","batch_id":"x","items":null}""")]
    [InlineData("""{"broker_id":"b1","batch_id":"x","items":[null]}""")]
    [InlineData("""{"broker_id":"b1","batch_id":"x","items":[{"device_id":"hb-neg","sequence":-1,"received_at":"2026-01-01T00:00:00Z","message":null}]}""")]
    [InlineData("""{"broker_id":"b1","batch_id":null,"items":[]}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""{"items":[{"message":{"v":1,"up":1e400}}]}""")]
    public async Task IngestBatch_MalformedShapes_NeverA500(string json)
    {
        var response = await Host.Admin.PostAsync("/api/v1/data/ingest/batch", CloudHost.Json(json));

        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task IngestBatch_InvalidUtf8InsideAnItemsString_OnlyThatItemRefused()
    {
        // Found by the cloud-batch fuzz target: the dead-letter text of the refused item threw (GetRawText on invalid UTF-8).
        const string Device = "hb-utf8";
        var json = $$"""{"broker_id":"b1","batch_id":"utf8","items":[{{Item(Device, 1, Valid(Device, 1))}},{{Item(Device, 2, Valid(Device, 2).Replace("temperature", "temp@@", StringComparison.Ordinal))}}]}""";
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        var at = Array.IndexOf(bytes, (byte)'@');
        bytes[at] = 0xFF;
        bytes[at + 1] = 0x80;
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await Host.Admin.PostAsync("/api/v1/data/ingest/batch", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult);
        Assert.Equal(["stored", "rejected"], result!.Items.Select(i => i.Status));
    }

    [Fact]
    public async Task IngestBatch_LargeBodiesOneAfterTheOther_EachRefusedItemDeadLetteredWithItsOwnText()
    {
        // Bodies above the body pool's 64 KB block and the 85 KB large-object threshold take the pooled multi-block
        // path (RequestBody.ReadPooledAsync). The refused item's dead letter is read from that buffer after parsing,
        // and the second body reuses the pooled buffer the first one gave back: each letter must carry its own text.
        foreach (var round in new[] { "first", "second" })
        {
            var device = "hb-large-" + round;
            var valid = Enumerable.Range(1, 600).Select(seq => Item(device, seq, Valid(device, seq)));
            var bad = Item(device, 601, Valid(device, 601).Replace("\"val\":300", $"\"val\":\"marker-{round}\"", StringComparison.Ordinal));
            var json = $$"""{"broker_id":"b1","batch_id":"{{device}}","items":[{{string.Join(",", valid)}},{{bad}}]}""";
            Assert.True(json.Length > 150_000, $"body of {json.Length} bytes is too small to test the multi-block path");

            var response = await Host.Admin.PostAsync("/api/v1/data/ingest/batch", CloudHost.Json(json));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult);
            Assert.Equal((600, 1), (result!.Stored, result.Rejected));
            Assert.Equal("rejected", result.Items[600].Status);
            var letters = await Host.Admin.GetStringAsync("/api/v1/admin/ingest/dead-letters?limit=1000");
            Assert.Contains($"marker-{round}", letters, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("device_id")]
    [InlineData("batch_id")]
    public async Task IngestBatch_InvalidUtf8InADeviceOrBatchId_OnlyThatItemRefused(string field)
    {
        // Found by the cloud-batch fuzz target (in-process run): the item-by-item path read the device id and the
        // batch id with GetString, which throws on invalid UTF-8 inside the string, and the batch answered 500.
        const string Device = "hb-utf8id";
        var bad = Item("@@" + Device, 2, Valid(Device, 2));
        var json = field == "device_id"
            ? $$"""{"broker_id":"b1","batch_id":"utf8id","items":[{{Item(Device, 1, Valid(Device, 1))}},{{bad}}]}"""
            : $$"""{"broker_id":"b1","batch_id":"@@utf8id","items":[{{Item(Device, 3, Valid(Device, 3))}},{{Item(Device, 4, Valid(Device, 4).Replace("\"val\":300", "\"val\":5000", StringComparison.Ordinal))}}]}""";
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        var at = Array.IndexOf(bytes, (byte)'@');
        bytes[at] = 0xFF;
        bytes[at + 1] = 0x80;
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await Host.Admin.PostAsync("/api/v1/data/ingest/batch", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult);
        Assert.Equal(["stored", "rejected"], result!.Items.Select(i => i.Status));
    }

    [Fact]
    public async Task IngestBatch_GzipHeaderOnGarbage_400NotA500()
    {
        var content = new ByteArrayContent([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");

        var response = await Host.Admin.PostAsync("/api/v1/data/ingest/batch", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task IngestCsv_NulAndSurrogateInARow_RowRefusedOthersStoredNotA500()
    {
        var csv = "sensor_id,value,sensor_type,unit\nhb-csv,300,temperature,K\nhb-csv,300,gear\u0000box,x\nhb-csv,301,\ud800,x\nhb-csv,302,temperature,K\n";
        var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");

        var response = await Host.Admin.PostAsync("/api/v1/data/ingest/csv", content);

        // The NUL row is refused; the lone surrogate arrives as U+FFFD (the client's UTF-8 encoder replaced it) and is
        // an ordinary, storable sensor type.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal((3, 1), (result.GetProperty("stored").GetInt32(), result.GetProperty("rejected").GetInt32()));
        Assert.Equal(3, (await Host.ReadingsAsync("&sensor_id=hb-csv")).Items.Count);
    }

    [Fact]
    public async Task IngestBatch_NegativeSequence_Refused()
    {
        const string Device = "hb-negseq";
        var json = $$"""{"broker_id":"b1","batch_id":"neg","items":[{{Item(Device, -5, Valid(Device, -5))}},{{Item(Device, 1, Valid(Device, 1))}}]}""";

        var result = await (await Host.Admin.PostAsync("/api/v1/data/ingest/batch", CloudHost.Json(json)))
            .Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult);

        Assert.Equal(["rejected", "stored"], result!.Items.Select(i => i.Status));
        Assert.Contains("sequence", result.Items[0].Error!, StringComparison.Ordinal);
    }

    private static string Valid(string device, long seq) =>
        $$"""{"v":1,"dev":"{{device}}","seq":{{seq}},"ts":{{NowMs}},"cv":1,"sid":"{{device}}-temp","st":"temperature","u":"K","k":"r","val":300}""";

    private static string Item(string device, long seq, string message) => $$"""
        {"site":"plant-1","device_id":"{{device}}","sequence":{{seq}},"received_at":"{{DateTimeOffset.UtcNow:O}}","correlation_id":"{{device}}-{{seq}}",
         "message":{{message}} }
        """;
}
