using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using SmartMaintenance.Cloud.Ml.Tests.Api;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Ml.Tests.Plant;

/// <summary>Cloud:Ml:Retraining:PlantInterval on the real host: off by default, and when set it runs the plant job on its own.</summary>
public sealed class PlantRetrainScheduleTests
{
    [Fact]
    public async Task PlantInterval_Set_StartsThePlantRetrainingJobByItself_AndItsDecisionIsRecorded()
    {
        await using var host = await CloudHost.StartAsync(seed: true, "--Cloud:Ml:TrainBaselineOnStart=false", "--Cloud:Ml:Retraining:PlantInterval=00:00:01");

        // No labels yet, so the job decides "not trained" (quickly) and says why; the schedule is what started it.
        var jobs = await Eventually.WaitForAsync(() => host.Http.GetFromJsonAsync<JsonElement>("/api/v1/ml/retrain/jobs"),
            j => j.EnumerateArray().Any(x => x.GetProperty("profile").GetString() == "plant" && x.GetProperty("state").GetString() == "succeeded"),
            TimeSpan.FromMinutes(1), "a scheduled plant retraining job to finish");
        var job = jobs.EnumerateArray().First(x => x.GetProperty("profile").GetString() == "plant" && x.GetProperty("state").GetString() == "succeeded");
        Assert.Equal("scheduled (Cloud:Ml:Retraining:PlantInterval)", job.GetProperty("reason").GetString());
        Assert.StartsWith("not trained: needs a production champion and plant labels", job.GetProperty("decision").GetProperty("explanation").GetString());
        var decisions = await host.Http.GetFromJsonAsync<JsonElement>("/api/v1/ml/decisions");
        Assert.Contains(decisions.EnumerateArray(), d => d.GetProperty("metric").GetString() == "plant-f1"
            && d.GetProperty("reason").GetString() == "scheduled (Cloud:Ml:Retraining:PlantInterval)");
    }

    [Fact]
    public async Task PlantInterval_Default_NoJobIsStarted()
    {
        await using var host = await CloudHost.StartAsync(seed: true, "--Cloud:Ml:TrainBaselineOnStart=false");

        // The schedule's service returns at once when off (nothing to wait for): after start, no job exists.
        Assert.Empty((await host.Http.GetFromJsonAsync<JsonElement>("/api/v1/ml/retrain/jobs")).EnumerateArray());
        var schedule = host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()
            .OfType<Microsoft.Extensions.Hosting.BackgroundService>().Single(s => s.GetType().Name == "PlantRetrainSchedule");
        Assert.True(schedule.ExecuteTask is { IsCompletedSuccessfully: true }, "the schedule runs only when PlantInterval is set");
    }
}
