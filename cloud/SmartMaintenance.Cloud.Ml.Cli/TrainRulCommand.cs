using System.Diagnostics;
using SmartMaintenance.Cloud.Ml.Artifacts;
using SmartMaintenance.Cloud.Ml.Card;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Rul;

namespace SmartMaintenance.Cloud.Ml.Cli;

/// <summary>
/// `train-rul`: trains the C-MAPSS FD001 RUL regression, scores it on the test engines, writes its model card and
/// (with --registry) registers and promotes it as `cmapss-rul`.
/// </summary>
public static class TrainRulCommand
{
    public const string Usage = "usage: train-rul [--data data/cmapss] [--card docs/models/cmapss-rul.md] [--registry DIR] [--name cmapss-rul]";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var o = new Dictionary<string, string>();
        for (var i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                await error.WriteLineAsync(Usage);
                return 2;
            }

            o[args[i][2..]] = args[i + 1];
        }

        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<CmapssEngine> train, test;
        try
        {
            (train, test) = CmapssLoader.LoadFd001(o.GetValueOrDefault("data") ?? CmapssLoader.DefaultFolder);
        }
        catch (CmapssDataException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }

        var (model, report) = RulTrainer.TrainAndEvaluate(train, test, new RulOptions(), CmapssLoader.CombinedSha256, s => output.WriteLine("  " + s));
        await output.WriteLineAsync($"RMSE {report.Rmse:F2} (capped {report.RmseCapped:F2}), PHM08 {report.Phm08Score:F0}, interval coverage {report.IntervalCoverage:P0}");

        string? registered = null;
        if (o.GetValueOrDefault("registry") is { } folder)
        {
            var name = o.GetValueOrDefault("name") ?? RulRegistration.DefaultName;
            var registry = new ModelRegistry(new FileModelRegistryStore(Path.Combine(folder, "registry.json")),
                new FolderArtifactStore(Path.Combine(folder, "artifacts")), TimeProvider.System);
            var v = await RulRegistration.RegisterAndPromoteAsync(registry, name, model, report, TimeProvider.System, CancellationToken.None);
            registered = $"Registered as `{name}` version {v.Version} in `{folder}` and promoted to production, artifact SHA-256 `{v.ArtifactSha256}`.";
            await output.WriteLineAsync(registered);
        }

        var cardPath = o.GetValueOrDefault("card") ?? Path.Combine("docs", "models", "cmapss-rul.md");
        var command = "dotnet run -c Release --project cloud/SmartMaintenance.Cloud.Ml.Cli -- " + string.Join(' ', args);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(cardPath))!);
        await File.WriteAllTextAsync(cardPath, RulCardWriter.Write(report, command, DateTimeOffset.UtcNow, Stopwatch.GetElapsedTime(started), registered));
        await output.WriteLineAsync($"model card written to {cardPath}");
        return 0;
    }
}
