using System.Diagnostics;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Rul;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>
/// On first start with no production RUL model, trains it from C-MAPSS FD001 off the request path (the same
/// training as `train-rul`, so the registry entry carries docs/models/cmapss-rul.md's figures) and promotes it.
/// Until then /api/v1/rul/predict answers 404 with "no production version".
/// </summary>
internal sealed class RulTrainingService(ModelRegistry registry, IOptions<MlOptions> options, TimeProvider time, ILogger<RulTrainingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        try
        {
            if (!(o.TrainRulOnStart ?? o.TrainBaselineOnStart) || await registry.ResolveAsync(o.RulModelName, ModelRegistry.Auto, stoppingToken) is not null)
            {
                return;
            }

            await Task.Yield();
            var started = Stopwatch.GetTimestamp();
            var folder = string.IsNullOrWhiteSpace(o.CmapssPath) ? CmapssLoader.DefaultFolder : o.CmapssPath;
            var (train, test) = CmapssLoader.LoadFd001(folder);
            var (model, report) = await Task.Run(() => RulTrainer.TrainAndEvaluate(train, test, new RulOptions(), CmapssLoader.CombinedSha256,
                step => MlLog.Progress(logger, step), stoppingToken), stoppingToken);
            var v = await RulRegistration.RegisterAndPromoteAsync(registry, o.RulModelName, model, report, time, stoppingToken);
            MlLog.RulReady(logger, o.RulModelName, v.Version, report.Rmse, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Reported, not swallowed: the RUL endpoint keeps answering 404 and the log says why.
            MlLog.RulFailed(logger, e);
        }
    }
}
