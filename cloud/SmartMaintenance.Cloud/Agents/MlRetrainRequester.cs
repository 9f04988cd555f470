using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.DriftDetection;
using SmartMaintenance.Cloud.Ml;
using SmartMaintenance.Cloud.Ml.Prediction;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Retraining;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Agents;

/// <summary>
/// Drift -> the ML side's retraining (challenger/champion decided by RetrainingService, the same path as
/// POST /api/v1/ml/retrain with the fast profile). Runs in the background so the drift agent's consumer is not
/// blocked for the training time; a request while one is running is declined (the cool-down is the drift agent's).
/// </summary>
internal sealed partial class MlRetrainRequester(
    RetrainingService retraining,
    ModelRegistry registry,
    FailurePredictor predictor,
    MlDataSource data,
    IOptions<MlOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<MlRetrainRequester> logger) : IRetrainRequester
{
    private int _running;

    public Task<bool> RequestAsync(string deviceId, string sensorId, string reason, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            return Task.FromResult(false);
        }

        var why = $"drift on {deviceId}/{sensorId}: {reason}";
        _ = Task.Run(() => RetrainAsync(why, lifetime.ApplicationStopping), CancellationToken.None);
        return Task.FromResult(true);
    }

    private async Task RetrainAsync(string reason, CancellationToken stopping)
    {
        try
        {
            var name = options.Value.ModelName;
            var decision = await retraining.RetrainAsync(name, reason, data.Load(), TrainingOptions.Fast, progress: null, stopping);
            LogDecided(logger, name, decision.Promoted, decision.Explanation);
            if (decision.Promoted && await registry.ResolveAsync(name, ModelRegistry.Auto, stopping) is { } production)
            {
                await predictor.WarmAsync(production, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogFailed(logger, reason, ex);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Drift retraining of {Model}: promoted={Promoted} ({Explanation})")]
    private static partial void LogDecided(ILogger logger, string model, bool promoted, string explanation);

    [LoggerMessage(Level = LogLevel.Error, Message = "Drift retraining failed ({Reason})")]
    private static partial void LogFailed(ILogger logger, string reason, Exception exception);
}
