using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartMaintenance.Cloud.Agents.Tests.HostApi;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.Pipeline;

/// <summary>
/// The real cloud host with its agents: a device's stuck verdict (stk = 1), posted through the broker's batch
/// endpoint, is stored, read back by data acquisition and rejected by the validation agent as a stuck sensor.
/// </summary>
public sealed class DeviceStuckPipelineTests
{
    private static string Batch(DateTimeOffset now)
    {
        var ts = now.ToUnixTimeMilliseconds();
        // A plain reading of the sensor, then the anomaly the device's filter sends when the value has not changed
        // over its stuck window. One reading of a run is far below the cloud's own StuckCount.
        return $$"""
            {"broker_id":"b1","batch_id":"stuck-1","items":[
              {"site":"plant-1","device_id":"press-9","sequence":1,"received_at":"{{now:O}}","correlation_id":"press-9-1",
               "message":{"v":1,"dev":"press-9","seq":1,"ts":{{ts - 2000}},"cv":1,"sid":"motor-current","st":"current","u":"A","k":"r","val":11.5} },
              {"site":"plant-1","device_id":"press-9","sequence":2,"received_at":"{{now:O}}","correlation_id":"press-9-2",
               "message":{"v":1,"dev":"press-9","seq":2,"ts":{{ts - 1000}},"cv":1,"sid":"motor-current","st":"current","u":"A","k":"a","val":11.5,"z":0,"bm":11.5,"bs":0.2,"stk":1} }
            ]}
            """;
    }

    [Fact]
    public async Task IngestBatch_ItemWithStk1_ValidationAgentRejectsItAsStuck()
    {
        await using var cloud = await AgentsCloud.StartAsync();

        var response = await cloud.Http.PostAsync("/api/v1/data/ingest/batch",
            new StringContent(Batch(DateTimeOffset.UtcNow), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stored").GetInt32());

        var snapshot = await Eventually.WaitForAsync(
            async () => await cloud.Http.GetFromJsonAsync<JsonElement>("/api/v1/metrics/snapshot"),
            s => Count(s, "eventsPublished", "ReadingValidated") + Count(s, "eventsPublished", "ReadingRejected") >= 2,
            TimeSpan.FromSeconds(30), "both readings validated or rejected");
        Assert.Equal(1, Count(snapshot, "readingsRejected", "stuck"));
        Assert.Equal(1, Count(snapshot, "eventsPublished", "ReadingRejected"));
        Assert.Equal(1, Count(snapshot, "eventsPublished", "ReadingValidated"));
    }

    private static long Count(JsonElement snapshot, string map, string key) =>
        snapshot.GetProperty(map).TryGetProperty(key, out var n) ? n.GetInt64() : 0;
}
