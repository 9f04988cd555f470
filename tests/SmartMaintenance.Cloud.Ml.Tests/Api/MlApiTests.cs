using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartMaintenance.Cloud.Ml.Tests.Support;

namespace SmartMaintenance.Cloud.Ml.Tests.Api;

/// <summary>The HTTP contract of /api/v1/ml against the real cloud host.</summary>
public sealed class MlApiTests : IAsyncLifetime
{
    private CloudHost _host = null!;

    public async Task InitializeAsync() => _host = await CloudHost.StartAsync(seed: true);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static object Body(string model = "ai4i-failure", object? version = null, Dictionary<string, object?>? features = null) => new Dictionary<string, object?>
    {
        ["model_name"] = model,
        ["model_version"] = version ?? "auto",
        ["features"] = features ?? Features(),
    };

    private static Dictionary<string, object?> Features() => new()
    {
        ["Type"] = "L",
        ["Air_temperature_K"] = 300.0,
        ["Process_temperature_K"] = 310.0,
        ["Rotational_speed_rpm"] = 1200,
        ["Torque_Nm"] = 75.0,
        ["Tool_wear_min"] = 50,
    };

    private async Task<(HttpStatusCode Status, JsonElement Json)> PostAsync(string path, object? body)
    {
        using var response = await _host.Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Predict_SeedsBody_AnswersLabelProbabilityModesContributionsVersionAndLatency()
    {
        var (status, json) = await PostAsync("/api/v1/ml/predict", Body());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, json.GetProperty("prediction").GetInt32());
        Assert.InRange(json.GetProperty("failure_probability").GetDouble(), 0.5, 1.0);
        Assert.Equal(5, json.GetProperty("failure_mode_probabilities").EnumerateObject().Count());
        Assert.Equal(0, json.GetProperty("top_contributions").GetArrayLength());
        Assert.True(json.GetProperty("calibrated").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("explanation").ValueKind);
        Assert.Equal("ai4i-failure", json.GetProperty("model_name").GetString());
        Assert.Equal(1, json.GetProperty("model_version").GetInt32());
        Assert.True(json.GetProperty("latency_ms").GetDouble() > 0);
    }

    [Fact]
    public async Task Predict_ExplainTrue_ContributionsSumWithBaseValueToTheAnsweredProbability()
    {
        var (status, json) = await PostAsync("/api/v1/ml/predict?explain=true", Body());

        Assert.Equal(HttpStatusCode.OK, status);
        var e = json.GetProperty("explanation");
        Assert.Equal("log-odds of the calibrated failure probability", e.GetProperty("space").GetString());
        var sum = e.GetProperty("base_value").GetDouble() + e.GetProperty("contributions").EnumerateArray().Sum(c => c.GetProperty("contribution").GetDouble());
        var p = json.GetProperty("failure_probability").GetDouble();
        Assert.Equal(Math.Log(p / (1 - p)), sum, 3);
        Assert.Equal(16, json.GetProperty("top_contributions").GetArrayLength());
    }

    [Fact]
    public async Task Predict_TypeOmitted_UsesDocumentedDefaultL()
    {
        var withL = await PostAsync("/api/v1/ml/predict", Body());
        var features = Features();
        features.Remove("Type");

        var omitted = await PostAsync("/api/v1/ml/predict", Body(features: features));

        Assert.Equal(withL.Json.GetProperty("failure_probability").GetDouble(), omitted.Json.GetProperty("failure_probability").GetDouble());
    }

    [Fact]
    public async Task Predict_MissingFeature_Is400NamingIt()
    {
        var features = Features();
        features.Remove("Torque_Nm");

        var (status, json) = await PostAsync("/api/v1/ml/predict", Body(features: features));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Torque_Nm is missing", json.GetProperty("errors").GetProperty("features.Torque_Nm")[0].GetString());
    }

    [Fact]
    public async Task Predict_NonFiniteOrTextFeature_Is400NamingIt()
    {
        using var content = new StringContent(
            """{"model_name":"ai4i-failure","model_version":"auto","features":{"Air_temperature_K":1e400,"Process_temperature_K":"NaN","Rotational_speed_rpm":1500,"Torque_Nm":40,"Tool_wear_min":5}}""",
            System.Text.Encoding.UTF8, "application/json");

        using var response = await _host.Http.PostAsync("/api/v1/ml/predict", content);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(errors.TryGetProperty("features.Air_temperature_K", out _));
        Assert.True(errors.TryGetProperty("features.Process_temperature_K", out _));
        Assert.False(errors.TryGetProperty("features.Torque_Nm", out _));
    }

    [Fact]
    public async Task Predict_UnknownModelOrVersion_Is404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/api/v1/ml/predict", Body(model: "no-such-model"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/api/v1/ml/predict", Body(version: 42))).Status);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("")]
    [InlineData("1.5")]
    public async Task Predict_ModelVersionNeitherAutoNorNumber_Is400NamingIt(string version)
    {
        var (status, json) = await PostAsync("/api/v1/ml/predict", Body(version: version));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("model_version must be", json.GetProperty("errors").GetProperty("model_version")[0].GetString());
    }

    [Fact]
    public async Task Predict_ModelVersionAsNumericString_IsServed()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/api/v1/ml/predict", Body(version: "1"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/api/v1/ml/predict", Body(version: "AUTO"))).Status);
    }

    public static TheoryData<string> AdminRoutes => new()
    {
        "/api/v1/ml/models/ai4i-failure/versions/1/promote",
        "/api/v1/ml/models/ai4i-failure/versions/1/enable",
        "/api/v1/ml/models/ai4i-failure/versions/1/disable",
        "/api/v1/ml/retrain?profile=fast",
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task AdminRoute_WithoutKey_Is401(string path)
    {
        using var anonymous = _host.Client(null);

        using var response = await anonymous.PostAsJsonAsync(path, new { reason = "auth test" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task AdminRoute_WithReadAndIngestKey_Is403AndChangesNothing(string path)
    {
        using var client = _host.Client(await _host.CreateKeyAsync("read", "ingest"));

        using var response = await client.PostAsJsonAsync(path, new { reason = "auth test" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var v = Assert.Single(await _host.Registry.ListAsync("ai4i-failure", default));
        Assert.True(v.Enabled);
        Assert.Empty((await _host.Http.GetFromJsonAsync<JsonElement>("/api/v1/ml/retrain/jobs")).EnumerateArray());
    }

    [Fact]
    public async Task RetrainJob_UnknownId_Is404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Http.GetAsync("/api/v1/ml/retrain/jobs/nope")).StatusCode);
    }

    [Fact]
    public async Task Retrain_UnknownProfile_Is400NamingIt()
    {
        var (status, json) = await PostAsync("/api/v1/ml/retrain?profile=huge", new { reason = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(json.GetProperty("errors").TryGetProperty("profile", out _));
    }

    [Fact]
    public async Task Predict_WithoutApiKey_Is401()
    {
        using var anonymous = new HttpClient { BaseAddress = _host.Http.BaseAddress };

        using var response = await anonymous.PostAsJsonAsync("/api/v1/ml/predict", Body());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Promote_NewVersion_AutoServesItWithoutRestart()
    {
        var v2 = await _host.Registry.RegisterAsync("ai4i-failure", SmallModel.Model, default);

        var (status, json) = await PostAsync($"/api/v1/ml/models/ai4i-failure/versions/{v2.Version}/promote", null);
        var predicted = await PostAsync("/api/v1/ml/predict", Body());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("production", json.GetProperty("stage").GetString());
        Assert.Equal(v2.Version, predicted.Json.GetProperty("model_version").GetInt32());
        using var versions = await _host.Http.GetAsync("/api/v1/ml/models/ai4i-failure/versions");
        Assert.Contains("\"archived\"", await versions.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Disable_Version_IsNoLongerServed()
    {
        var v = await _host.Registry.RegisterAsync("disable-me", SmallModel.Model, default);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/api/v1/ml/predict", Body(model: "disable-me", version: v.Version))).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/api/v1/ml/models/disable-me/versions/{v.Version}/disable", null)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/api/v1/ml/predict", Body(model: "disable-me", version: v.Version))).Status);
    }

    [Fact]
    public async Task Predict_TamperedArtifact_Is503WithIntegrityError()
    {
        var v = await _host.Registry.RegisterAsync("tamper-me", SmallModel.Model, default);
        await File.AppendAllTextAsync(new Uri(v.ArtifactUri).LocalPath, "tampered");

        var (status, json) = await PostAsync("/api/v1/ml/predict", Body(model: "tamper-me", version: v.Version));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("SHA-256", json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Models_List_ShowsStatusAndProductionVersion()
    {
        var json = await _host.Http.GetFromJsonAsync<JsonElement>("/api/v1/ml/models");

        Assert.Equal("ready", json.GetProperty("status").GetString());
        var first = json.GetProperty("versions")[0];
        Assert.Equal(64, first.GetProperty("artifactSha256").GetString()!.Length);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Http.GetAsync("/api/v1/ml/models/nothing/versions")).StatusCode);
    }
}
