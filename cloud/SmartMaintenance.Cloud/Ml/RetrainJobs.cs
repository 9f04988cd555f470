using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Ml.Plant;
using SmartMaintenance.Cloud.Ml.Prediction;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Retraining;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>
/// Runs retrainings off the request path, one at a time (a second request while one runs is declined with the
/// running job), and keeps the last few jobs for the status endpoint. The API and drift events both start
/// jobs here; the decision itself is RetrainingService's, or PlantRetraining's for the "plant" profile (learning from
/// the plant's labels: a challenger of the champion's configuration trained on AI4I plus the labels' training share,
/// judged on their held-out share; see Cloud.Ml/Plant/PlantRetraining.cs).
/// </summary>
internal sealed class RetrainJobs(
    RetrainingService retraining, ModelRegistry registry, FailurePredictor predictor, MlDataSource data, TimeProvider time,
    IHostApplicationLifetime lifetime, ILogger<RetrainJobs> logger, FilePlantLabelStore plantLabels, IOptions<MlOptions> options)
{
    /// <summary>The profile that retrains on the plant's labels (API ?profile=plant, or Cloud:Ml:Retraining:DriftProfile).</summary>
    public const string PlantProfile = "plant";

    private const int Kept = 20;

    public static bool IsKnownProfile(string? profile) => TrainingProfiles.IsKnown(profile) || profile == PlantProfile;

    private readonly Lock _lock = new();
    private readonly List<Job> _jobs = [];
    private Job? _running;

    /// <summary>Starts a job, or returns false with the job already running.</summary>
    public bool TryStart(string modelName, string profile, string reason, out RetrainJob job)
    {
        var candidates = profile == PlantProfile ? TrainingProfiles.Fast : TrainingProfiles.Of(profile);
        lock (_lock)
        {
            if (_running is { } busy)
            {
                job = busy.Snapshot();
                return false;
            }

            var expected = (candidates.Count + 1) * candidates.Max(c => c.Folds * c.Seeds.Count);
            var started = new Job(Guid.NewGuid().ToString("N"), modelName, profile, reason, time.GetUtcNow(), expected);
            _running = started;
            _jobs.Add(started);
            if (_jobs.Count > Kept) _jobs.RemoveAt(0);
            _ = Task.Run(() => profile == PlantProfile ? RunPlantAsync(started, lifetime.ApplicationStopping) : RunAsync(started, candidates, lifetime.ApplicationStopping),
                CancellationToken.None);
            job = started.Snapshot();
            return true;
        }
    }

    public RetrainJob? Find(string id)
    {
        lock (_lock)
        {
            return _jobs.FirstOrDefault(j => j.Id == id)?.Snapshot();
        }
    }

    public IReadOnlyList<RetrainJob> List()
    {
        lock (_lock)
        {
            return [.. _jobs.Select(j => j.Snapshot()).Reverse()];
        }
    }

    private Task RunAsync(Job job, IReadOnlyList<TrainingOptions> candidates, CancellationToken stopping) =>
        RunCoreAsync(job, async () =>
        {
            job.Step("loading the training data (AI4I 2020)");
            return await retraining.RetrainAsync(job.ModelName, job.Reason, data.Load(), candidates, step =>
            {
                job.Step(step);
                MlLog.Progress(logger, step);
            }, stopping);
        }, stopping);

    /// <summary>
    /// Learning from the plant: the champion's own configuration (so the comparison is about the data, not the
    /// configuration) trained on AI4I plus the plant labels' training share; the decision goes to the registry's log.
    /// </summary>
    private Task RunPlantAsync(Job job, CancellationToken stopping) =>
        RunCoreAsync(job, async () =>
        {
            job.Step("loading the training data (AI4I 2020) and the plant's labels");
            var labels = await plantLabels.ListAsync(stopping);
            var champion = await registry.ResolveAsync(job.ModelName, ModelRegistry.Auto, stopping);
            var configuration = champion?.Options ?? TrainingOptions.Fast;
            job.Step($"training a challenger ({configuration.Key}) on AI4I + {labels.Count} plant labels");
            var plant = await PlantRetraining.DecideAsync(registry, job.ModelName, data.Load(), labels, configuration, options.Value.Retraining.Margin, time, stopping);
            var record = plant.ToRecord(job.ModelName, job.Reason, champion?.Metrics,
                plant.ChallengerVersion is { } v ? (await registry.ListAsync(job.ModelName, stopping)).FirstOrDefault(m => m.Version == v)?.DataSha256 : null,
                time.GetUtcNow());
            await registry.RecordDecisionAsync(record, stopping);
            return record;
        }, stopping);

    private async Task RunCoreAsync(Job job, Func<Task<RetrainDecision>> run, CancellationToken stopping)
    {
        try
        {
            var decision = await run();
            MlLog.RetrainDecided(logger, job.ModelName, job.Reason, decision.Promoted, decision.Explanation);
            if (decision.Promoted && await registry.ResolveAsync(job.ModelName, ModelRegistry.Auto, stopping) is { } production)
            {
                // Load and verify now, so the first prediction on the new version does not pay for it.
                await predictor.WarmAsync(production, stopping);
            }

            job.Finish("succeeded", time.GetUtcNow(), decision, null);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            job.Finish("canceled", time.GetUtcNow(), null, "the cloud is stopping");
        }
        catch (Exception e)
        {
            // Recorded on the job and logged, not swallowed: the status endpoint shows it.
            MlLog.RetrainFailed(logger, job.Id, e);
            job.Finish("failed", time.GetUtcNow(), null, e.Message);
        }
        finally
        {
            lock (_lock)
            {
                _running = null;
            }
        }
    }

    private sealed class Job(string id, string modelName, string profile, string reason, DateTimeOffset requested, int expected)
    {
        private readonly Lock _gate = new();
        private string _state = "running";
        private DateTimeOffset? _finished;
        private int _steps;
        private string? _last;
        private RetrainDecision? _decision;
        private string? _error;

        public string Id => id;
        public string ModelName => modelName;
        public string Reason => reason;

        public void Step(string step)
        {
            lock (_gate)
            {
                if (step.EndsWith(" fitted", StringComparison.Ordinal)) _steps++;
                _last = step;
            }
        }

        public void Finish(string state, DateTimeOffset at, RetrainDecision? decision, string? error)
        {
            lock (_gate)
            {
                (_state, _finished, _decision, _error) = (state, at, decision, error);
            }
        }

        public RetrainJob Snapshot()
        {
            lock (_gate)
            {
                return new RetrainJob(id, modelName, profile, reason, _state, requested, _finished, _steps, expected, _last, _decision, _error);
            }
        }
    }
}
