using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
    }

    [Fact]
    public async Task Retrain_Api_RecordsDecisionWithBothMetricSets()
    {
        await using var host = await CloudHost.StartAsync(seed: true);

        using var response = await host.Http.PostAsJsonAsync("/api/v1/ml/retrain?profile=fast", new { model_name = "ai4i-failure", reason = "test" });
        var decision = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, decision.GetProperty("championVersion").GetInt32());
        Assert.Equal(2, decision.GetProperty("challengerVersion").GetInt32());
        Assert.True(decision.GetProperty("championMetrics").GetProperty("prAuc").GetDouble() > 0);
        Assert.True(decision.GetProperty("challengerMetrics").GetProperty("prAuc").GetDouble() > 0);
        Assert.Equal("test", decision.GetProperty("reason").GetString());
    }
}
