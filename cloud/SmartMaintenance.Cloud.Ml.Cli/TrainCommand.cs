using System.Diagnostics;
using System.Globalization;
using SmartMaintenance.Cloud.Ml.Artifacts;
using SmartMaintenance.Cloud.Ml.Card;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Evaluation;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Retraining;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Cli;

/// <summary>
/// `train`: cross-validates every candidate, picks the best by mean F1, writes the model card, and (with
/// --registry) registers the final model through the champion/challenger rule.
/// </summary>
public static class TrainCommand
{
    public const string Usage =
        "usage: train [--data ai4i2020.csv] [--card docs/models/ai4i.md] [--candidates FastTree,FastForest,LightGbm] "
        + "[--seeds 11,23,37] [--registry DIR] [--name ai4i-failure] [--margin 0.005]";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] != "train")
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var o = ParseOptions(args.Skip(1).ToArray());
        if (o is null)
        {
            await error.WriteLineAsync(Usage);
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

        var seeds = (o.GetValueOrDefault("seeds") ?? "11,23,37").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var candidates = (o.GetValueOrDefault("candidates") ?? "FastTree,FastForest,LightGbm").Split(',').Select(Enum.Parse<TrainerKind>).ToArray();
        var reports = new List<(TrainingOptions Options, CrossValidationReport Report)>();
        foreach (var kind in candidates)
        {
            var options = Candidate(kind) with { Seeds = seeds };
            await output.WriteLineAsync($"cross-validating {options.Describe()}");
            var report = new CrossValidator(options).Run(data, step => output.WriteLine("  " + step));
            await output.WriteLineAsync($"  F1 {report.F1}  ROC-AUC {report.RocAuc}  PR-AUC {report.PrAuc}  mode macro-F1 {report.ModeMacroF1}");
            reports.Add((options, report));
        }

        var best = reports.OrderByDescending(r => r.Report.F1.Mean).ThenByDescending(r => r.Report.PrAuc.Mean).First();
        string? registered = null;
        if (o.GetValueOrDefault("registry") is { } folder)
        {
            var name = o.GetValueOrDefault("name") ?? "ai4i-failure";
            var margin = double.Parse(o.GetValueOrDefault("margin") ?? "0.005", CultureInfo.InvariantCulture);
            var registry = new ModelRegistry(new FileModelRegistryStore(Path.Combine(folder, "registry.json")),
                new FolderArtifactStore(Path.Combine(folder, "artifacts")), TimeProvider.System);
            var champion = await registry.ResolveAsync(name, ModelRegistry.Auto, CancellationToken.None);
            var model = ModelTrainer.FitFinal(data, best.Options, best.Report.Summary());
            var version = await registry.RegisterAsync(name, model, CancellationToken.None);
            var promote = champion is null || version.Metrics.PrAuc >= champion.Metrics.PrAuc + margin;
            if (promote)
            {
                await registry.PromoteAsync(name, version.Version, CancellationToken.None);
            }

            await registry.RecordDecisionAsync(new RetrainDecision(name, DateTimeOffset.UtcNow, "train command", champion?.Version, champion?.Metrics,
                version.Version, version.Metrics, "prAuc", margin, promote, promote ? "promoted" : "kept the champion"), CancellationToken.None);
            registered = $"Registered as `{name}` version {version.Version} ({(promote ? "promoted to production" : "staging; champion kept")}), artifact SHA-256 `{version.ArtifactSha256}`.";
            await output.WriteLineAsync(registered);
        }

        var cardPath = o.GetValueOrDefault("card") ?? Path.Combine("docs", "models", "ai4i.md");
        var command = "dotnet run -c Release --project cloud/SmartMaintenance.Cloud.Ml.Cli -- " + string.Join(' ', args);
        var card = ModelCardWriter.Write(data, reports.Select(r => r.Report).ToList(), best.Report, command, DateTimeOffset.UtcNow,
            Stopwatch.GetElapsedTime(started), registered);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(cardPath))!);
        await File.WriteAllTextAsync(cardPath, card);
        await output.WriteLineAsync($"best: {best.Report.Configuration}; model card written to {cardPath}");
        return 0;
    }

    /// <summary>Each candidate's configuration, from a small manual search on one seed (trees, leaves, leaf size, learning rate).</summary>
    public static TrainingOptions Candidate(TrainerKind kind) => kind switch
    {
        TrainerKind.FastTree => new TrainingOptions { Trainer = kind, Trees = 300, Leaves = 16, MinimumExamplesPerLeaf = 5, LearningRate = 0.05 },
        TrainerKind.FastForest => new TrainingOptions { Trainer = kind, Trees = 200, Leaves = 32, MinimumExamplesPerLeaf = 2 },
        _ => new TrainingOptions { Trainer = kind, Trees = 200, Leaves = 16, MinimumExamplesPerLeaf = 10, LearningRate = 0.05 },
    };

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
