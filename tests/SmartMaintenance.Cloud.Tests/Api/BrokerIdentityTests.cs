using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Tests.Api;

/// <summary>
/// Issue 13, finding 6: a registered (broker-managed) device's telemetry reaches the cloud only through a key
/// holding the broker scope; an ingest-only key can neither write its readings nor take its (device, sequence) slots.
/// </summary>
public sealed class BrokerIdentityTests(CloudHostFixture fixture) : IClassFixture<CloudHostFixture>
{
    private CloudHost Host => fixture.Host;

    [Fact]
    public async Task IngestBatch_IngestOnlyKeyForARegisteredDevice_ItemRefusedSlotStaysFreeForTheBroker()
    {
        const string Device = "bi-reg-1";
        await RegisterAsync(Device);
        using var intruder = Host.Client(await Host.CreateKeyAsync("ingest"));
        var forged = Batch(Device, "bi-unreg-1");

        var response = await intruder.PostAsync("/api/v1/data/ingest/batch", CloudHost.Json(forged));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult);
        Assert.Equal(["rejected", "stored"], result!.Items.Select(i => i.Status));
        Assert.Contains("broker", result.Items[0].Error!, StringComparison.Ordinal);
        Assert.Empty((await Host.ReadingsAsync($"&device_id={Device}")).Items);

        // The broker's key (broker + ingest scopes) then delivers the real reading: stored, not a duplicate.
        using var broker = Host.Client(await Host.CreateKeyAsync("ingest", "broker"));
        var real = await (await broker.PostAsync("/api/v1/data/ingest/batch", CloudHost.Json(Batch(Device))))
            .Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult);
        Assert.Equal(["stored"], real!.Items.Select(i => i.Status));
        Assert.Single((await Host.ReadingsAsync($"&device_id={Device}")).Items);
    }

    [Fact]
    public async Task IngestOne_IngestOnlyKeyForARegisteredDevicesSensor_403ProblemNamingTheDevice()
    {
        const string Device = "bi-reg-2";
        await RegisterAsync(Device);
        using var intruder = Host.Client(await Host.CreateKeyAsync("ingest"));

        var response = await intruder.PostAsync("/api/v1/data/ingest",
            CloudHost.Json($$"""{"sensor_id":"{{Device}}-temp","value":300,"sensor_type":"temperature","unit":"K"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(Device, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await Host.ReadingsAsync($"&sensor_id={Device}-temp")).Items);
    }

    [Fact]
    public async Task IngestCsv_IngestOnlyKeyWithARegisteredDevicesSequence_RowRefused()
    {
        const string Device = "bi-reg-3";
        await RegisterAsync(Device);
        using var intruder = Host.Client(await Host.CreateKeyAsync("ingest"));
        var csv = $"sensor_id,value,sensor_type,unit,device_id,sequence\n{Device}-temp,300,temperature,K,{Device},1\nbi-csv-free,300,temperature,K,,\n";

        var response = await intruder.PostAsync("/api/v1/data/ingest/csv", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 1), (result.GetProperty("stored").GetInt32(), result.GetProperty("rejected").GetInt32()));
        Assert.Contains("broker", result.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty((await Host.ReadingsAsync($"&device_id={Device}")).Items);
    }

    [Fact]
    public async Task IngestOne_IngestOnlyKeyForAnUnregisteredSensor_StillAccepted()
    {
        using var client = Host.Client(await Host.CreateKeyAsync("ingest"));

        var response = await client.PostAsync("/api/v1/data/ingest",
            CloudHost.Json("""{"sensor_id":"bi-free-temp","value":300,"sensor_type":"temperature","unit":"K"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task RegisterAsync(string device)
    {
        var response = await Host.Admin.PostAsync("/api/v1/devices", CloudHost.Json($$"""
            {"device_id":"{{device}}","site":"plant-1","display_name":"Mill","sensors":[{"sensor_id":"{{device}}-temp","sensor_type":"temperature","unit":"K"}]}
            """));
        response.EnsureSuccessStatusCode();
    }

    private static string Batch(params string[] devices)
    {
        var now = DateTimeOffset.UtcNow;
        var items = devices.Select(d => $$"""
            {"site":"plant-1","device_id":"{{d}}","sequence":1,"received_at":"{{now:O}}",
             "message":{"v":1,"dev":"{{d}}","seq":1,"ts":{{now.ToUnixTimeMilliseconds()}},"cv":1,"sid":"{{d}}-temp","st":"temperature","u":"K","k":"r","val":300} }
            """);
        return $$"""{"broker_id":"b1","batch_id":"bi","items":[{{string.Join(",", items)}}]}""";
    }
}
