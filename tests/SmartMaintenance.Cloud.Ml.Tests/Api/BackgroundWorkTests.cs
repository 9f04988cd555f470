using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Ml.Tests.Api;

/// <summary>
/// Guard of issue 17's predict latency regression (docs/performance.md, ML): the ML bench measured predict while its
/// host trained the RUL model on first start, a minute of one core of two, and read it as a 1000x slower HTTP path.
/// The bench's host has a production failure model and Cloud:Ml:TrainRulOnStart=false (CloudTarget.Settings), as
/// this host: then no ML background service may still be working once the host has started, or the bench's figures
/// would again include it (the bench also measures its idle host and exits 3 when it works).
/// </summary>
public sealed class BackgroundWorkTests
{
    [Fact]
    public async Task Start_ProductionModelAndRulTrainingOff_EveryMlBackgroundServiceFinishesWithoutTraining()
    {
        await using var host = await CloudHost.StartAsync(seed: true);

        var ml = host.Services.GetServices<IHostedService>().OfType<BackgroundService>()
            .Where(s => s.GetType().Namespace == "SmartMaintenance.Cloud.Ml").ToList();
        Assert.Equal(new[] { "BaselineTrainingService", "PlantRetrainSchedule", "RulTrainingService" }, ml.Select(s => s.GetType().Name).Order());
        foreach (var service in ml)
        {
            await Eventually.WaitForAsync(() => Task.FromResult(service.ExecuteTask?.IsCompleted == true), done => done,
                TimeSpan.FromSeconds(30), $"{service.GetType().Name} to finish");
            Assert.True(service.ExecuteTask!.IsCompletedSuccessfully, $"{service.GetType().Name}: {service.ExecuteTask.Exception}");
        }

        var versions = await host.Registry.ListAsync(null, default);
        Assert.Equal(new[] { "ai4i-failure" }, versions.Select(v => v.Name).Distinct());
        Assert.Single(versions);
    }
}
