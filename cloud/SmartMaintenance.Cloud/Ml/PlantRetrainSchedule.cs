using Microsoft.Extensions.Options;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>
/// Retraining on the plant's labels on a schedule (Cloud:Ml:Retraining:PlantInterval; off by default): every interval
/// it starts the same job as POST /api/v1/ml/retrain?profile=plant, so the decision rule, the decision log and the job
/// list are the on-demand ones. A tick while another retraining runs is skipped with a warning, not queued: the next
/// tick comes one interval later (a retraining that outlasts the interval cannot pile up jobs).
/// </summary>
internal sealed class PlantRetrainSchedule(RetrainJobs jobs, IOptions<MlOptions> options, TimeProvider time, ILogger<PlantRetrainSchedule> logger)
    : BackgroundService
{
    public const string Reason = "scheduled (Cloud:Ml:Retraining:PlantInterval)";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var interval = o.Retraining.PlantInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (jobs.TryStart(o.ModelName, RetrainJobs.PlantProfile, Reason, out var job))
                {
                    MlLog.PlantScheduleStarted(logger, o.ModelName, job.Id, interval);
                }
                else
                {
                    MlLog.PlantScheduleSkipped(logger, o.ModelName, job.Id, job.Profile, interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
