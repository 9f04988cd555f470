using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmartMaintenance.Cloud.Ml.Tests.Api;

/// <summary>The HTTP contract of /api/v1/ml/plant-labels against the real cloud host (the store beside its registry).</summary>
public sealed class PlantLabelApiTests : IAsyncLifetime
{
    private CloudHost _host = null!;

    public async Task InitializeAsync() => _host = await CloudHost.StartAsync(seed: false, "--Cloud:Ml:TrainBaselineOnStart=false");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static object Label(string id, string finding) => new
    {
        id,
        device_id = "press-01",
        finding,
        source = id,
        recorded_by = "ana",
        window = new[] { new Dictionary<string, object> { ["Type"] = "M", ["Air_temperature_K"] = 301.0, ["Process_temperature_K"] = 309.5, ["Rotational_speed_rpm"] = 1350, ["Torque_Nm"] = 45.0, ["Tool_wear_min"] = 80 } },
    };

    [Fact]
    public async Task Record_ValidLabel_IsStoredAndListed_InvalidFindingIs400()
    {
        using var created = await _host.Http.PostAsJsonAsync("/api/v1/ml/plant-labels", Label("incident:42", "HDF"));
        using var refused = await _host.Http.PostAsJsonAsync("/api/v1/ml/plant-labels", Label("incident:43", "bearing"));
        var list = await _host.Http.GetFromJsonAsync<JsonElement>("/api/v1/ml/plant-labels");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var stored = Assert.Single(list.EnumerateArray());
        Assert.Equal("incident:42", stored.GetProperty("id").GetString());
        Assert.Equal("HDF", stored.GetProperty("finding").GetString());
        Assert.Equal('M', stored.GetProperty("window")[0].GetProperty("type").GetString()![0]);
        Assert.True(File.Exists(Path.Combine(_host.Folder, "ml", "plant-labels.json")));
    }
}
