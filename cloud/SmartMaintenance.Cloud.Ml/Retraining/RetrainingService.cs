using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Evaluation;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Retraining;

/// <summary>
/// Champion/challenger. The challenger is the best of the candidates under the protocol; the champion's
/// configuration is cross-validated again on the challenger's folds (same data, seeds and fold count give the
/// same folds: StratifiedFolds), so both are measured on the same held-out rows rather than against numbers
/// from another run. Only a challenger that wins by the margin is fitted on all rows, stored and promoted; a
/// refused one leaves no artifact. When the outcome is already known (same data and same search against the
/// same champion: training is deterministic under fixed seeds) nothing is trained. Every decision is recorded.
/// One retraining at a time; first start, drift events, the admin endpoint and the train command share it.
/// </summary>
/// <remarks>
/// Limit: this compares configurations on the current data. While that data is the fixed AI4I file (the cloud
/// has no labelled plant data yet) retraining can replace the champion with a better configuration, never learn
/// from new rows; once labelled rows arrive, a champion of the same configuration would need its per-fold fit
/// restricted to the rows it had, or it always ties.
/// </remarks>
public sealed class RetrainingService(ModelRegistry registry, RetrainingOptions options, TimeProvider time)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public RetrainingOptions Options => options;

    /// <summary>Searches the candidates, then decides against the production version.</summary>
    public async Task<RetrainDecision> RetrainAsync(
        string modelName, string reason, Ai4iDataset data, IReadOnlyList<TrainingOptions> candidates, Action<string>? progress, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            var champion = Loadable(await registry.ResolveAsync(modelName, ModelRegistry.Auto, cancellationToken));
            if (champion is not null && await NothingNewAsync(modelName, champion, data, candidates, cancellationToken) is { } why)
            {
                progress?.Invoke("nothing new to learn: " + why);
                return await RecordAsync(new RetrainDecision(modelName, time.GetUtcNow(), reason, champion.Version, champion.Metrics, null, null,
                    options.Metric, options.Margin, false, "not trained: " + why, "none (not trained)", champion.Metrics, null,
                    Keys(candidates), data.Sha256), cancellationToken);
            }

            var (_, best) = await Task.Run(() => CandidateSearch.Run(data, candidates, options.Metric, progress, cancellationToken), cancellationToken);
            return await DecideCoreAsync(modelName, reason, data, candidates, best, champion, progress, cancellationToken);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>Decides with a challenger the caller already cross-validated (the train command's search).</summary>
    public async Task<RetrainDecision> DecideAsync(
        string modelName, string reason, Ai4iDataset data, IReadOnlyList<TrainingOptions> candidates, CandidateResult challenger,
        Action<string>? progress, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            var champion = Loadable(await registry.ResolveAsync(modelName, ModelRegistry.Auto, cancellationToken));
            return await DecideCoreAsync(modelName, reason, data, candidates, challenger, champion, progress, cancellationToken);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<RetrainDecision> DecideCoreAsync(
        string modelName, string reason, Ai4iDataset data, IReadOnlyList<TrainingOptions> candidates, CandidateResult challenger, ModelVersion? champion,
        Action<string>? progress, CancellationToken cancellationToken)
    {
        var challengerMetrics = challenger.Report.Summary();
        ModelMetrics? championMetrics = null;
        string comparison;
        bool promote;
        string why;
        if (champion is null)
        {
            promote = true;
            comparison = "no champion";
            why = "no production version: the challenger becomes the first champion";
        }
        else
        {
            (championMetrics, comparison) = await ChampionOnSameFoldsAsync(champion, data, challenger, progress, cancellationToken);
            var challengerScore = CandidateSearch.Score(challengerMetrics, options.Metric);
            var championScore = CandidateSearch.Score(championMetrics, options.Metric);
            promote = challengerScore >= championScore + options.Margin;
            why = $"challenger {options.Metric} {challengerScore:F4} vs champion {championScore:F4} + margin {options.Margin:F4}: "
                + (promote ? "promoted" : "kept the champion; the challenger was not stored");
        }

        int? version = null;
        if (promote)
        {
            progress?.Invoke("challenger wins; fitting it on all rows");
            var model = await Task.Run(() => ModelTrainer.FitFinal(data, challenger.Options, challengerMetrics, challenger.Report.Calibration, cancellationToken), cancellationToken);
            var registered = await registry.RegisterAsync(modelName, model, cancellationToken);
            await registry.PromoteAsync(modelName, registered.Version, cancellationToken);
            version = registered.Version;
        }

        return await RecordAsync(new RetrainDecision(modelName, time.GetUtcNow(), reason, champion?.Version, championMetrics, version, challengerMetrics,
            options.Metric, options.Margin, promote, why, comparison, champion?.Metrics, challenger.Options.Key, Keys(candidates), data.Sha256), cancellationToken);
    }

    /// <summary>
    /// The champion, or null when it was trained on another feature schema (a registry from an earlier release):
    /// this release cannot load it, so it cannot serve predictions and any trained challenger must replace it.
    /// </summary>
    private static ModelVersion? Loadable(ModelVersion? champion) =>
        champion is not null && champion.FeatureSchema.SequenceEqual(Features.FeatureBuilder.Names) ? champion : null;

    private static async Task<(ModelMetrics Metrics, string Comparison)> ChampionOnSameFoldsAsync(
        ModelVersion champion, Ai4iDataset data, CandidateResult challenger, Action<string>? progress, CancellationToken cancellationToken)
    {
        var folds = $"{challenger.Options.Folds}-fold x seeds {string.Join(",", challenger.Options.Seeds)}";
        if (champion.Options is not { } recorded)
        {
            return (champion.Metrics, "champion's configuration was not recorded: compared with its stored metrics, whose folds may differ");
        }

        var onSameFolds = recorded with { Seeds = challenger.Options.Seeds, Folds = challenger.Options.Folds };
        if (onSameFolds.SameAs(challenger.Options))
        {
            // Same configuration, same folds, deterministic training: re-running it would reproduce the challenger's report.
            return (challenger.Report.Summary(), $"same configuration as the champion, same {folds} folds");
        }

        progress?.Invoke("re-scoring the champion's configuration on the challenger's folds");
        var report = await Task.Run(() => new CrossValidator(onSameFolds).Run(data, progress, cancellationToken), cancellationToken);
        return (report.Summary(), $"both on the same {folds} held-out folds of the current data");
    }

    /// <summary>Why training would change nothing, or null when it might.</summary>
    private async Task<string?> NothingNewAsync(
        string modelName, ModelVersion champion, Ai4iDataset data, IReadOnlyList<TrainingOptions> candidates, CancellationToken cancellationToken)
    {
        if (champion.DataSha256 == data.Sha256 && champion.Options is { } recorded && candidates.Count == 1 && candidates[0].SameAs(recorded))
        {
            return $"version {champion.Version} was trained with this configuration on this data (SHA-256 {data.Sha256[..12]}...), "
                + "and training is deterministic: the challenger would be the champion";
        }

        var keys = Keys(candidates);
        var previous = (await registry.DecisionsAsync(cancellationToken)).LastOrDefault(d =>
            d.ModelName == modelName && d.DataSha256 == data.Sha256 && d.Candidates is { } k && k.SequenceEqual(keys)
            && d.Metric == options.Metric && d.Margin.Equals(options.Margin)
            && (d.Promoted ? d.ChallengerVersion : d.ChampionVersion) == champion.Version);
        return previous is null
            ? null
            : $"the same candidates on the same data (SHA-256 {data.Sha256[..12]}...) were already decided against version {champion.Version} "
                + $"at {previous.DecidedUtc:u}, and training is deterministic: the decision would repeat";
    }

    private async Task<RetrainDecision> RecordAsync(RetrainDecision decision, CancellationToken cancellationToken)
    {
        await registry.RecordDecisionAsync(decision, cancellationToken);
        return decision;
    }

    private static List<string> Keys(IReadOnlyList<TrainingOptions> candidates) => [.. candidates.Select(c => c.Key)];
}
