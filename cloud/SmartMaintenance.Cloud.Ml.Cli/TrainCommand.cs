using System.Diagnostics;
using System.Globalization;
using SmartMaintenance.Cloud.Ml.Artifacts;
using SmartMaintenance.Cloud.Ml.Card;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Retraining;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Cli;

/// <summary>
/// `train`: cross-validates every candidate and the cloud's first-start baseline with the protocol, picks the
/// best candidate by the mean of --metric, writes the model card, and (with --registry) hands the chosen one
/// to the champion/challenger rule of RetrainingService (the champion re-scored on the same folds).
/// </summary>
public static class TrainCommand
{
    public const string Usage =
        "usage: train [--data ai4i2020.csv] [--card docs/models/ai4i.md] [--candidates LightGbm,FastTree[,FastForest]] "
        + "[--seeds 11,23,37] [--metric f1|prAuc|rocAuc] [--registry DIR] [--name ai4i-failure] [--margin 0.005]";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] != "train" || ParseOptions(args.Skip(1).ToArray()) is not { } o)
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var metric = o.GetValueOrDefault("metric") ?? new RetrainingOptions().Metric;
        if (!RetrainingOptions.IsKnownMetric(metric))
        {
            await error.WriteLineAsync($"--metric must be f1, prAuc or rocAuc, not '{metric}'.");
            return 2;
        }

        var started = Stopwatch.GetTimestamp();
        Ai4iDataset data;
        try
        {
            data = Ai4iCsvLoader.Load(o.GetValueOrDefault("data") ?? Ai4iCsvLoader.DefaultPath);
        }
        catch (Ai4iDataException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }

        var seeds = (o.GetValueOrDefault("seeds") ?? string.Join(",", TrainingOptions.Fast.Seeds)).Split(',')
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var candidates = (o.GetValueOrDefault("candidates") ?? string.Join(",", TrainingProfiles.Full.Select(c => c.Trainer))).Split(',')
            .Select(k => TrainingProfiles.Candidate(Enum.Parse<TrainerKind>(k)) with { Seeds = seeds }).ToList();
        void Progress(string step) => output.WriteLine(step.StartsWith("cross-validating", StringComparison.Ordinal) ? step : "  " + step);

        var (all, best) = CandidateSearch.Run(data, candidates, metric, Progress);
        foreach (var r in all)
        {
            await output.WriteLineAsync($"{r.Options.Describe()}: F1 {r.Report.F1}  ROC-AUC {r.Report.RocAuc}  PR-AUC {r.Report.PrAuc}  mode macro-F1 {r.Report.ModeMacroF1}");
        }

        // The cloud's first-start baseline under the same protocol, so the card says what the cloud serves until replaced.
        var baselineOptions = TrainingOptions.Fast with { Seeds = seeds };
        Progress("cross-validating the first-start baseline: " + baselineOptions.Describe());
        var baseline = new CrossValidator(baselineOptions).Run(data, Progress);

        string? registered = null;
        if (o.GetValueOrDefault("registry") is { } folder)
        {
            var name = o.GetValueOrDefault("name") ?? "ai4i-failure";
            var margin = double.Parse(o.GetValueOrDefault("margin") ?? "0.005", CultureInfo.InvariantCulture);
            var registry = new ModelRegistry(new FileModelRegistryStore(Path.Combine(folder, "registry.json")),
                new FolderArtifactStore(Path.Combine(folder, "artifacts")), TimeProvider.System);
            var retraining = new RetrainingService(registry, new RetrainingOptions { Metric = metric, Margin = margin }, TimeProvider.System);
            var decision = await retraining.DecideAsync(name, "train command", data, candidates, best, Progress, CancellationToken.None);
            registered = decision.ChallengerVersion is { } v && (await registry.ResolveAsync(name, v.ToString(CultureInfo.InvariantCulture), CancellationToken.None)) is { } version
                ? $"Registered as `{name}` version {version.Version} in `{folder}` and promoted to production, artifact SHA-256 `{version.ArtifactSha256}`. Decision: {decision.Explanation} ({decision.Comparison})."
                : $"Not registered in `{folder}`: {decision.Explanation} ({decision.Comparison}); production stays version {decision.ChampionVersion}.";
            await output.WriteLineAsync(registered);
        }

        var cardPath = o.GetValueOrDefault("card") ?? Path.Combine("docs", "models", "ai4i.md");
        var command = "dotnet run -c Release --project cloud/SmartMaintenance.Cloud.Ml.Cli -- " + string.Join(' ', args);
        var card = ModelCardWriter.Write(new ModelCardRun(data, all.Select(r => r.Report).ToList(), best.Report, metric, baseline,
            baselineOptions.SameAs(TrainingOptions.Fast), command, DateTimeOffset.UtcNow, Stopwatch.GetElapsedTime(started), registered));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(cardPath))!);
        await File.WriteAllTextAsync(cardPath, card);
        await output.WriteLineAsync($"best: {best.Report.Configuration}; model card written to {cardPath}");
        return 0;
    }

    private static Dictionary<string, string>? ParseOptions(string[] args)
    {
        var result = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return null;
            }

            result[args[i][2..]] = args[i + 1];
        }

        return result;
    }
}
