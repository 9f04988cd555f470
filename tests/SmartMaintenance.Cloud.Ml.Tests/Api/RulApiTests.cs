using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartMaintenance.Cloud.Ml.Tests.Support;

namespace SmartMaintenance.Cloud.Ml.Tests.Api;

/// <summary>The HTTP contract of /api/v1/rul against the real cloud host, with the small RUL model registered.</summary>
public sealed class RulApiTests : IAsyncLifetime
{
    private CloudHost _host = null!;

    public async Task InitializeAsync() => _host = await CloudHost.StartAsync(seed: false, seedRul: true);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Json)> PostAsync(object body)
    {
        using var response = await _host.Http.PostAsJsonAsync("/api/v1/rul/predict", body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Predict_TestEngine_AnswersTheModelsEstimateInsideItsInterval()
    {
        var engine = SmallRulModel.Test[30];

        var (status, json) = await PostAsync(new { model_version = "auto", cycles = engine.Sensors });

        Assert.Equal(HttpStatusCode.OK, status);
        var rul = json.GetProperty("rul").GetDouble();
        Assert.Equal(SmallRulModel.Report.Test[30].Predicted, rul, 3);
        Assert.True(json.GetProperty("low").GetDouble() <= rul && rul <= json.GetProperty("high").GetDouble());
        Assert.Equal(engine.Cycles, json.GetProperty("cycles_seen").GetInt32());
        Assert.Equal(125, json.GetProperty("cap").GetInt32());
        Assert.Equal("cmapss-rul", json.GetProperty("model_name").GetString());
        Assert.Equal(1, json.GetProperty("model_version").GetInt32());
    }

    [Fact]
    public async Task Predict_TooFewCyclesOrWrongWidth_Answers400NamingCycles()
    {
        var (few, fewJson) = await PostAsync(new { cycles = SmallRulModel.Test[0].Sensors.Take(5) });
        var (narrow, _) = await PostAsync(new { cycles = Enumerable.Range(0, 12).Select(_ => new float[20]) });

        Assert.Equal(HttpStatusCode.BadRequest, few);
        Assert.True(fewJson.GetProperty("errors").TryGetProperty("cycles", out _));
        Assert.Equal(HttpStatusCode.BadRequest, narrow);
    }

    [Fact]
    public async Task Predict_UnknownVersion_Answers404()
    {
        var (status, _) = await PostAsync(new { model_version = 9, cycles = SmallRulModel.Test[0].Sensors });

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Applies_DemoFleetSensors_AreNotTurbofanSensors()
    {
        var json = await _host.Http.GetFromJsonAsync<JsonElement>("/api/v1/rul/applies?sensors=vibration,temperature,current");

        Assert.False(json.GetProperty("applies").GetBoolean());
        Assert.Equal(14, json.GetProperty("missingSensors").GetArrayLength());
    }
}
