using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.HostApi;

[Collection(AgentsCloudCollection.Name)]
public sealed class SimulationApiTests(AgentsCloudFixture fixture)
{
    private static string NewDevice(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task SimulateNormal_ThroughTheHost_ReturnsWhatWasGeneratedAndStoresItUnderItsCorrelation()
    {
        var device = NewDevice("sim-normal");
        var response = await fixture.Cloud.Http.PostAsJsonAsync("/api/v1/simulate/normal",
            new { device_id = device, sensor_type = "vibration", count = 30, seed = 7 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("normal", device, "sim-vibration", "vibration", 30), (result.GetProperty("kind").GetString(),
            result.GetProperty("deviceId").GetString(), result.GetProperty("sensorId").GetString(),
            result.GetProperty("sensorType").GetString(), result.GetProperty("count").GetInt32()));
        Assert.Equal(0, result.GetProperty("anomalyIndexes").GetArrayLength());
        Assert.Equal(30, result.GetProperty("readingIds").EnumerateArray().Select(i => i.GetInt64()).Distinct().Count());
        var span = result.GetProperty("to").GetDateTimeOffset() - result.GetProperty("from").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromSeconds(29), span); // one reading per second

        var correlation = result.GetProperty("correlationId").GetString()!;
        Assert.StartsWith("sim-normal-", correlation);
        var csv = await fixture.Cloud.Http.GetStringAsync($"/api/v1/sensors/readings.csv?device_id={device}");
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(30, rows.Count);
        Assert.All(rows, r => Assert.Contains(correlation, r));
    }

    [Fact]
    public async Task Simulate_BadInput_400ProblemDetailsNamingEachField()
    {
        var response = await fixture.Cloud.Http.PostAsJsonAsync("/api/v1/simulate/anomaly",
            new { device_id = "no spaces!", sensor_type = "plasma", count = 0, drift_size = 1e6, anomalies = -1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["anomalies", "count", "device_id", "drift_size", "sensor_type"],
            problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Simulate_UnknownKind_404ProblemDetails()
    {
        var response = await fixture.Cloud.Http.PostAsJsonAsync("/api/v1/simulate/chaos", new { count = 5 });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SimulateDrift_FewerReadingsThanTheDriftWindows_400NamingCountAndTheNeededNumber()
    {
        var response = await fixture.Cloud.Http.PostAsJsonAsync("/api/v1/simulate/drift", new { device_id = NewDevice("sim-drift"), count = 399 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("at least 400 readings", problem.GetProperty("errors").GetProperty("count")[0].GetString());
    }

    /// <summary>With the defaults only (and a fresh sensor), a drift simulation must be long enough for the drift agent.</summary>
    [Fact]
    public async Task SimulateDrift_Defaults_DriftDetectedReachesTheNotificationAgent()
    {
        var device = NewDevice("sim-drift");
        var response = await fixture.Cloud.Http.PostAsJsonAsync("/api/v1/simulate/drift", new { device_id = device });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((400, 200, 4.0), (result.GetProperty("count").GetInt32(), result.GetProperty("driftFrom").GetInt32(),
            result.GetProperty("driftSize").GetDouble())); // the drift agent's 200 + 200 windows, drift after the reference

        var drift = await Eventually.WaitForAsync(
            async () => (await fixture.Cloud.Http.GetFromJsonAsync<JsonElement>("/api/v1/notifications?limit=1000")).EnumerateArray()
                .Where(n => n.GetProperty("deviceId").GetString() == device && n.GetProperty("kind").GetString() == "drift").ToList(),
            n => n.Count > 0, TimeSpan.FromSeconds(30), $"a drift notification for {device} (simulation: {result})");
        Assert.Equal(result.GetProperty("correlationId").GetString(), drift[0].GetProperty("correlationId").GetString());
        Assert.Contains("KS D=", drift[0].GetProperty("message").GetString());
    }
}
