using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Tests.Api;

/// <summary>Provisioning, enable/disable, desired config with versions, and the broker's sync and events.</summary>
public sealed class DevicesApiTests(CloudHostFixture fixture) : IClassFixture<CloudHostFixture>
{
    private CloudHost Host => fixture.Host;

    private async Task<string> ProvisionAsync(string id)
    {
        var response = await Host.Admin.PostAsync("/api/v1/devices", CloudHost.Json($$"""
            {"device_id":"{{id}}","site":"plant-1","display_name":"Mill {{id}}","sensors":[{"sensor_id":"{{id}}-t","sensor_type":"temperature","unit":"K"}]}
            """));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
    }

    [Fact]
    public async Task Provision_NewDevice_SecretShownOnceAndSyncCarriesOnlyAVerifyingHash()
    {
        var secret = await ProvisionAsync("prov-1");

        var device = await Host.Admin.GetStringAsync("/api/v1/devices/prov-1");
        Assert.DoesNotContain(secret, device);
        Assert.DoesNotContain("secret", device);
        var sync = await Host.Admin.GetFromJsonAsync("/api/v1/broker/sync", ContractsJsonContext.Default.BrokerSyncResponse);
        var entry = sync!.Devices.Single(d => d.DeviceId == "prov-1");
        Assert.NotEqual(secret, entry.SecretHash);
        Assert.True(DeviceSecretHasher.Verify(secret, entry.SecretHash));
        Assert.Equal(("plant-1", true), (entry.Site, entry.Enabled));
    }

    [Fact]
    public async Task Provision_TakenIdOrBadFields_409Or400()
    {
        await ProvisionAsync("prov-dup");

        var again = await Host.Admin.PostAsync("/api/v1/devices", CloudHost.Json("""{"device_id":"prov-dup","site":"plant-1"}"""));
        var bad = await Host.Admin.PostAsync("/api/v1/devices", CloudHost.Json("""{"device_id":"has space","site":"","sensors":[{"sensor_id":"x","sensor_type":"temperature","unit":"rpm"}]}"""));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("device_id", out _) && errors.TryGetProperty("site", out _) && errors.TryGetProperty("sensors[0].unit", out _));
    }

    [Fact]
    public async Task Disable_ThenSync_DeviceListedAsDisabled()
    {
        await ProvisionAsync("prov-off");

        Assert.Equal(HttpStatusCode.OK, (await Host.Admin.PostAsync("/api/v1/devices/prov-off/disable", null)).StatusCode);

        var sync = await Host.Admin.GetFromJsonAsync("/api/v1/broker/sync", ContractsJsonContext.Default.BrokerSyncResponse);
        Assert.False(sync!.Devices.Single(d => d.DeviceId == "prov-off").Enabled);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Admin.PostAsync("/api/v1/devices/ghost/enable", null)).StatusCode);
    }

    [Fact]
    public async Task PutConfig_ThenBrokerAck_VersionAndAckShownAndConfigInSync()
    {
        await ProvisionAsync("cfg-1");

        var put = await Host.Admin.PutAsync("/api/v1/devices/cfg-1/config", CloudHost.Json("""{"v":1,"zk":3.5,"sp":500}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"1\"", put.Headers.ETag?.Tag);
        var sync = await Host.Admin.GetFromJsonAsync("/api/v1/broker/sync", ContractsJsonContext.Default.BrokerSyncResponse);
        var desired = sync!.Configs.Single(c => c.DeviceId == "cfg-1");
        Assert.Equal((1L, 3.5, 500), (desired.Config.Version, desired.Config.ZThreshold!.Value, desired.Config.SamplePeriodMs!.Value));

        var events = await Host.Admin.PostAsJsonAsync("/api/v1/broker/events", new DeviceEventBatch
        {
            BrokerId = "edge-1",
            Events =
            [
                new DeviceEvent { DeviceId = "cfg-1", Site = "plant-1", Kind = DeviceEventKinds.Online, At = DateTimeOffset.UtcNow },
                new DeviceEvent { DeviceId = "cfg-1", Site = "plant-1", Kind = DeviceEventKinds.ConfigAck, At = DateTimeOffset.UtcNow, ConfigVersion = 1, Applied = true },
                new DeviceEvent { DeviceId = "ghost", Site = "plant-1", Kind = DeviceEventKinds.Online, At = DateTimeOffset.UtcNow },
                new DeviceEvent { DeviceId = "cfg-1", Site = "plant-1", Kind = "reboot", At = DateTimeOffset.UtcNow },
            ],
        }, ContractsJsonContext.Default.DeviceEventBatch);
        var result = await events.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 2), (result.GetProperty("applied").GetInt32(), result.GetProperty("rejected").GetInt32()));

        var device = await Host.Admin.GetFromJsonAsync<JsonElement>("/api/v1/devices/cfg-1");
        Assert.True(device.GetProperty("online").GetBoolean());
        var config = device.GetProperty("config");
        Assert.Equal((1, 1, true), (config.GetProperty("version").GetInt32(), config.GetProperty("ack_version").GetInt32(), config.GetProperty("in_sync").GetBoolean()));
    }

    [Fact]
    public async Task BrokerEvents_BirthWithFirmwareAndRunningConfig_StoredNewestWinsHostileRefused()
    {
        await ProvisionAsync("fw-1");
        var at = DateTimeOffset.UtcNow;
        var running = new DeviceConfig { Version = 3, ZThreshold = 2.5, SamplePeriodMs = 250, DisabledSensors = ["fw-1-t"] };

        var events = await Host.Admin.PostAsJsonAsync("/api/v1/broker/events", new DeviceEventBatch
        {
            BrokerId = "edge-1",
            Events =
            [
                new DeviceEvent { DeviceId = "fw-1", Site = "plant-1", Kind = DeviceEventKinds.Online, At = at, FirmwareVersion = "1.6.0", ReportedConfig = running },
                // Late and older: must not replace the newer report.
                new DeviceEvent { DeviceId = "fw-1", Site = "plant-1", Kind = DeviceEventKinds.Online, At = at.AddMinutes(-5), FirmwareVersion = "0.9.0" },
                // Hostile: a bell character, a 65-character version, a negative config version.
                new DeviceEvent { DeviceId = "fw-1", Site = "plant-1", Kind = DeviceEventKinds.Online, At = at, FirmwareVersion = "1.0\u0007" },
                new DeviceEvent { DeviceId = "fw-1", Site = "plant-1", Kind = DeviceEventKinds.Online, At = at, FirmwareVersion = new string('9', 65) },
                new DeviceEvent { DeviceId = "fw-1", Site = "plant-1", Kind = DeviceEventKinds.Online, At = at, ReportedConfig = new DeviceConfig { Version = -1 } },
            ],
        }, ContractsJsonContext.Default.DeviceEventBatch);
        var result = await events.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 3), (result.GetProperty("applied").GetInt32(), result.GetProperty("rejected").GetInt32()));
        Assert.Contains("firmware_version", result.GetProperty("errors")[0].GetString());

        var device = await Host.Admin.GetFromJsonAsync<JsonElement>("/api/v1/devices/fw-1");
        Assert.Equal("1.6.0", device.GetProperty("firmware_version").GetString());
        var reported = device.GetProperty("reported_config");
        Assert.Equal((3, 2.5, 250), (reported.GetProperty("cfg").GetInt32(), reported.GetProperty("zk").GetDouble(), reported.GetProperty("sp").GetInt32()));
        Assert.Equal("fw-1-t", reported.GetProperty("dis")[0].GetString());
        Assert.True(device.TryGetProperty("reported_at", out _));
    }

    [Fact]
    public async Task PutConfig_StaleIfMatchOrOutOfRange_412Or400()
    {
        await ProvisionAsync("cfg-2");
        await Host.Admin.PutAsync("/api/v1/devices/cfg-2/config", CloudHost.Json("""{"v":1,"zk":3}"""));

        using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/v1/devices/cfg-2/config") { Content = CloudHost.Json("""{"v":1,"zk":4}""") };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Host.Admin.SendAsync(stale)).StatusCode);

        var outOfRange = await Host.Admin.PutAsync("/api/v1/devices/cfg-2/config", CloudHost.Json("""{"v":1,"zk":-1,"sp":1}"""));
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Admin.PutAsync("/api/v1/devices/ghost/config", CloudHost.Json("""{"v":1}"""))).StatusCode);
    }

    [Fact]
    public async Task PutConfig_DisabledSensors_StoredShownAndRelayedInSync()
    {
        await ProvisionAsync("cfg-3");

        var put = await Host.Admin.PutAsync("/api/v1/devices/cfg-3/config", CloudHost.Json("""{"v":1,"zk":4,"dis":["cfg-3-t","vibration"]}"""));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var view = await Host.Admin.GetFromJsonAsync<JsonElement>("/api/v1/devices/cfg-3/config");
        Assert.Equal(["cfg-3-t", "vibration"], view.GetProperty("desired").GetProperty("dis").EnumerateArray().Select(e => e.GetString()));
        var sync = await Host.Admin.GetFromJsonAsync("/api/v1/broker/sync", ContractsJsonContext.Default.BrokerSyncResponse);
        Assert.Equal(["cfg-3-t", "vibration"], sync!.Configs.Single(c => c.DeviceId == "cfg-3").Config.DisabledSensors!);
    }

    [Theory]
    [InlineData("""{"v":1,"dis":["ok-1","has space","ok-1"]}""", "dis[1]", "dis[2]")]
    [InlineData("""{"v":1,"dis":"vibration"}""", "dis")]
    [InlineData("""{"v":1,"dis":[7]}""", "dis[0]")]
    [InlineData("""{"v":1,"dis":["s0","s1","s2","s3","s4","s5","s6","s7","s8","s9","s10","s11","s12","s13","s14","s15","s16"]}""", "dis")]
    [InlineData("""{"v":1,"zk":25,"wu":1,"zh":4.5}""", "zk", "wu")]
    [InlineData("""{"v":1,"zk":3,"zh":3}""", "zh")]
    public async Task PutConfig_BadDisabledSensorsOrValuesTheDeviceRejects_400WithFieldErrors(string body, params string[] fields)
    {
        await ProvisionAsync($"cfg-bad-{Math.Abs(body.GetHashCode()):x}");

        var put = await Host.Admin.PutAsync($"/api/v1/devices/cfg-bad-{Math.Abs(body.GetHashCode()):x}/config", CloudHost.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var errors = (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(fields.Order(), errors.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task PutConfig_LargerThanTheDeviceConfigBuffer_400()
    {
        await ProvisionAsync("cfg-big");
        var ids = string.Join(",", Enumerable.Range(0, 16).Select(i => $"\"{new string('s', 40)}-{i}\""));

        var put = await Host.Admin.PutAsync("/api/v1/devices/cfg-big/config", CloudHost.Json($$"""{"v":1,"dis":[{{ids}}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("512-byte", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("dis")[0].GetString());
    }

    [Fact]
    public async Task BatchIngest_FromProvisionedDevice_LastSeenUpdated()
    {
        await ProvisionAsync("seen-1");
        var now = DateTimeOffset.UtcNow;
        var json = $$"""
            {"broker_id":"b","batch_id":"seen","items":[{"site":"plant-1","device_id":"seen-1","sequence":1,"received_at":"{{now:O}}",
             "message":{"v":1,"dev":"seen-1","seq":1,"ts":{{now.ToUnixTimeMilliseconds()}},"cv":1,"sid":"seen-1-t","st":"temperature","u":"K","k":"r","val":300} }]}
            """;

        (await Host.Admin.PostAsync("/api/v1/data/ingest/batch", CloudHost.Json(json))).EnsureSuccessStatusCode();

        var device = await Host.Admin.GetFromJsonAsync<JsonElement>("/api/v1/devices/seen-1");
        // last_seen is the cloud's receive time, taken a little after `now`: comparing whole seconds failed whenever
        // the request crossed a second boundary.
        Assert.InRange(device.GetProperty("last_seen").GetDateTimeOffset(), now.AddSeconds(-1), now.AddSeconds(30));
    }
}
