using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartMaintenance.Cloud.Ml.Tests.Support;
using SmartMaintenance.Cloud.Ml.Training;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Ml.Tests.Api;

/// <summary>An empty registry: the host trains the baseline in the background, promotes it, and records the decision.</summary>
public sealed class FirstStartTests
{
    [Fact]
    public async Task Start_EmptyRegistry_TrainsBaselineInBackgroundThenServesIt()
    {
        await using var host = await CloudHost.StartAsync(seed: false);

        // The host answers while training: startup is not blocked by it.
        var early = await host.Http.GetFromJsonAsync<JsonElement>("/api/v1/ml/models");
        Assert.Contains(early.GetProperty("status").GetString(), new[] { "starting", "training-baseline", "ready" });

        await Eventually.WaitForAsync(
            async () => (await host.Http.GetFromJsonAsync<JsonElement>("/api/v1/ml/models")).GetProperty("status").GetString(),
            s => s is "ready" || s!.StartsWith("failed", StringComparison.Ordinal), TimeSpan.FromMinutes(3), "baseline training");

        var models = await host.Http.GetFromJsonAsync<JsonElement>("/api/v1/ml/models");
        Assert.Equal("ready", models.GetProperty("status").GetString());
        Assert.Equal("production", models.GetProperty("versions")[0].GetProperty("stage").GetString());
        var decisions = await host.Http.GetFromJsonAsync<JsonElement>("/api/v1/ml/decisions");
        Assert.True(decisions[0].GetProperty("promoted").GetBoolean());

        // What the Models page shows is what the card's baseline section reports: the train command runs this same call.
        var card = new CrossValidator(TrainingOptions.Fast).Run(SmallModel.FullData).Summary();
        var registered = (await host.Registry.ResolveAsync("ai4i-failure", "auto", default))!;
        Assert.Equal(card, registered.Metrics);
        Assert.True(registered.Options!.SameAs(TrainingOptions.Fast));
    }

    [Fact]
    public async Task Retrain_Api_Answers202WithJobThenStatusShowsProgressAndDecision()
    {
        await using var host = await CloudHost.StartAsync(seed: true);

        using var response = await host.Http.PostAsJsonAsync("/api/v1/ml/retrain?profile=fast", new { model_name = "ai4i-failure", reason = "test" });
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var second = await host.Http.PostAsJsonAsync("/api/v1/ml/retrain?profile=fast", new { reason = "while running" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("running", job.GetProperty("state").GetString());
        var location = response.Headers.Location!.ToString();
        Assert.Equal($"/api/v1/ml/retrain/jobs/{job.GetProperty("id").GetString()}", location);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);

        var done = await Eventually.WaitForAsync(
            async () => await host.Http.GetFromJsonAsync<JsonElement>(location),
            j => j.GetProperty("state").GetString() != "running", TimeSpan.FromMinutes(3), "retraining job");
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        Assert.True(done.GetProperty("stepsDone").GetInt32() > 0);
        var decision = done.GetProperty("decision");
        Assert.Equal(1, decision.GetProperty("championVersion").GetInt32());
        Assert.True(decision.GetProperty("championMetrics").GetProperty("f1").GetDouble() > 0);
        Assert.True(decision.GetProperty("challengerMetrics").GetProperty("f1").GetDouble() > 0);
        Assert.Contains("same 5-fold x seeds 11,23,37 held-out folds", decision.GetProperty("comparison").GetString());
        Assert.Equal("test", decision.GetProperty("reason").GetString());
        var decisions = await host.Http.GetFromJsonAsync<JsonElement>("/api/v1/ml/decisions");
        Assert.Equal("test", decisions[decisions.GetArrayLength() - 1].GetProperty("reason").GetString());
    }
}
