using System.Diagnostics;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Ml.Features;
using SmartMaintenance.Cloud.Ml.Prediction;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Retraining;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>
/// On first start with no production model, trains the fast baseline (TrainingOptions.Fast, the configuration
/// docs/models/ai4i.md reports under "The baseline the cloud trains on first start") off the request path and
/// promotes it through the same champion/challenger path as any retraining (no champion = promoted, decision recorded).
/// </summary>
internal sealed class BaselineTrainingService(
    ModelRegistry registry, RetrainingService retraining, FailurePredictor predictor, MlDataSource data, MlState state, IOptions<MlOptions> options,
    ILogger<BaselineTrainingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var name = options.Value.ModelName;
        try
        {
            var current = await registry.ResolveAsync(name, ModelRegistry.Auto, stoppingToken);
            var outdated = current is not null && !current.FeatureSchema.SequenceEqual(FeatureBuilder.Names);
            if ((current is not null && !outdated) || !options.Value.TrainBaselineOnStart)
            {
                state.Set("ready");
                return;
            }

            if (outdated)
            {
                // A registry from an earlier release: its production model was trained on another feature schema and
                // cannot be loaded by this one, so predictions would fail. Train this release's baseline instead.
                MlLog.OutdatedSchema(logger, name, current!.Version);
            }

            // Let the host finish starting before using the CPU.
            await Task.Yield();
            state.Set("training-baseline");
            MlLog.TrainingBaseline(logger, name);
            var started = Stopwatch.GetTimestamp();
            var decision = await retraining.RetrainAsync(name, "baseline on first start", data.Load(), TrainingProfiles.Fast,
                step => MlLog.Progress(logger, step), stoppingToken);
            if (decision is { Promoted: true, ChallengerVersion: { } version, ChallengerMetrics: { } metrics }
                && await registry.ResolveAsync(name, ModelRegistry.Auto, stoppingToken) is { } production)
            {
                // Load and verify now, so the first request does not pay for it.
                await predictor.WarmAsync(production, stoppingToken);
                MlLog.BaselineReady(logger, name, version, metrics.F1, metrics.RocAuc, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
            else
            {
                // A production version appeared meanwhile (e.g. the train command or an API retraining won the race).
                MlLog.BaselineNotPromoted(logger, decision.Explanation, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }

            state.Set("ready");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            state.Set("stopped");
        }
        catch (Exception e)
        {
            // Reported, not swallowed: readiness shows the failure and the log has the exception.
            MlLog.BaselineFailed(logger, e);
            state.Set("failed: " + e.Message);
        }
    }
}
