using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartMaintenance.Cloud.Agents.DriftDetection;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Tests.Api;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Ml.Tests.Agents;

/// <summary>
/// The drift agent's port in the real cloud host (cloud/SmartMaintenance.Cloud/Agents/MlRetrainRequester.cs):
/// a drift starts a background retraining job, a second drift while it runs is declined, the decision is recorded
/// with the drift as its reason, and a drift with nothing new to learn records "not trained" and stores nothing.
/// </summary>
public sealed class MlRetrainRequesterTests
{
    [Fact]
    public async Task RequestAsync_DriftWhileRetraining_DeclinedThenDecisionRecordedThenNothingNewNotTrained()
    {
        await using var host = await CloudHost.StartAsync(seed: true, "--Cloud:Ml:Retraining:DriftProfile=fast");
        var requester = host.Services.GetRequiredService<IRetrainRequester>();

        var first = await requester.RequestAsync("dev-1", "s-1", "KS D=0.400 p=1e-05, PSI=0.500", default);
        var whileRunning = await requester.RequestAsync("dev-2", "s-2", "KS D=0.300 p=1e-04, PSI=0.300", default);

        Assert.True(first);
        Assert.False(whileRunning);
        var decision = await WaitForDecisionAsync(host, 1);
        Assert.Equal("drift on dev-1/s-1: KS D=0.400 p=1e-05, PSI=0.500", decision.GetProperty("reason").GetString());
        Assert.Equal(1, decision.GetProperty("championVersion").GetInt32());
        Assert.True(decision.GetProperty("championMetrics").GetProperty("f1").GetDouble() > 0);
        Assert.True(decision.GetProperty("challengerMetrics").GetProperty("f1").GetDouble() > 0);
        var versionsAfterFirst = (await host.Registry.ListAsync("ai4i-failure", default)).Count;
        Assert.Equal(decision.GetProperty("promoted").GetBoolean() ? 2 : 1, versionsAfterFirst);

        // Same profile, same data, same champion: training is deterministic, so nothing is trained or stored.
        Assert.True(await requester.RequestAsync("dev-1", "s-1", "KS D=0.500 p=1e-06, PSI=0.600", default));
        var again = await WaitForDecisionAsync(host, 2);

        Assert.StartsWith("not trained", again.GetProperty("explanation").GetString());
        Assert.Equal(JsonValueKind.Null, again.GetProperty("challengerVersion").ValueKind);
        Assert.Equal(versionsAfterFirst, (await host.Registry.ListAsync("ai4i-failure", default)).Count);
        Assert.Equal(ModelStage.Production, (await host.Registry.ResolveAsync("ai4i-failure", "auto", default))!.Stage);
    }

    /// <summary>The index-th decision (1 = the first), once the job that recorded it is done.</summary>
    private static async Task<JsonElement> WaitForDecisionAsync(CloudHost host, int index)
    {
        var decisions = await Eventually.WaitForAsync(
            async () => await host.Http.GetFromJsonAsync<JsonElement>("/api/v1/ml/decisions"),
            d => d.GetArrayLength() >= index, TimeSpan.FromMinutes(3), "drift retraining decision");
        await Eventually.WaitForAsync(
            async () => await host.Http.GetFromJsonAsync<JsonElement>("/api/v1/ml/retrain/jobs"),
            j => j.EnumerateArray().All(x => x.GetProperty("state").GetString() != "running"), TimeSpan.FromMinutes(1), "job finished");
        return decisions[index - 1];
    }
}
