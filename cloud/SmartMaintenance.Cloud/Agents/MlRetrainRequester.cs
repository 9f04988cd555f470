using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.DriftDetection;
using SmartMaintenance.Cloud.Ml;

namespace SmartMaintenance.Cloud.Agents;

/// <summary>
/// Drift -> the ML side's retraining: starts a background job (Ml/RetrainJobs, the same path as
/// POST /api/v1/ml/retrain) with Cloud:Ml:Retraining:DriftProfile, so the drift agent's consumer is not blocked
/// for the training time. Declined while a retraining runs; the cool-down between requests is the drift agent's
/// (Cloud:Agents:Drift:RetrainCooldown). The job records the champion/challenger decision; when the same search
/// on the same data was already decided against the champion, it records "not trained" in milliseconds.
/// </summary>
internal sealed partial class MlRetrainRequester(RetrainJobs jobs, IOptions<MlOptions> options, ILogger<MlRetrainRequester> logger) : IRetrainRequester
{
    public Task<bool> RequestAsync(string deviceId, string sensorId, string reason, CancellationToken cancellationToken)
    {
        var why = $"drift on {deviceId}/{sensorId}: {reason}";
        var o = options.Value;
        var started = jobs.TryStart(o.ModelName, o.Retraining.DriftProfile, why, out var job);
        if (started)
        {
            LogStarted(logger, o.ModelName, job.Id, o.Retraining.DriftProfile, why);
        }
        else
        {
            LogDeclined(logger, o.ModelName, job.Id, why);
        }

        return Task.FromResult(started);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Drift retraining of {Model}: job {JobId} started (profile {Profile}; {Reason})")]
    private static partial void LogStarted(ILogger logger, string model, string jobId, string profile, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drift retraining of {Model} declined: job {JobId} is running ({Reason})")]
    private static partial void LogDeclined(ILogger logger, string model, string jobId, string reason);
}
