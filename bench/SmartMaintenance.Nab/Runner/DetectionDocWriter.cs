using System.Globalization;
using System.Text;
using SmartMaintenance.Nab.Reference;

namespace SmartMaintenance.Nab.Runner;

/// <summary>Rewrites the results table of docs/detection.md between its markers: our runs beside the published table.</summary>
public static class DetectionDocWriter
{
    public const string Begin = "<!-- nab-results:begin (written by bench/SmartMaintenance.Nab) -->";
    public const string End = "<!-- nab-results:end -->";

    private static readonly (string Key, string Name)[] Published =
    [
        ("ARTime", "ARTime"), ("numenta", "Numenta HTM"), ("contextOSE", "CAD OSE"), ("htmjava", "HTM Java"),
        ("numentaTM", "Numenta TM"), ("earthgeckoSkyline", "earthgecko Skyline"), ("knncad", "KNN CAD"),
        ("relativeEntropy", "Relative Entropy"), ("randomCutForest", "Random Cut Forest"),
        ("twitterADVec", "Twitter ADVec"), ("windowedGaussian", "Windowed Gaussian"), ("skyline", "Etsy Skyline"),
        ("bayesChangePt", "Bayesian Changepoint"), ("expose", "EXPoSE"), ("random", "Random"), ("null", "Null"),
    ];

    public static string Table(IReadOnlyList<DetectorRun> runs, string nabRoot)
    {
        var published = PublishedResults.FinalResults(nabRoot);
        var text = new StringBuilder();
        text.AppendLine("| Detector | Standard | Reward low FP | Reward low FN | Thresholds (std / lowFP / lowFN) |");
        text.AppendLine("| --- | ---: | ---: | ---: | --- |");
        foreach (var run in runs)
        {
            var s = run.Profile("standard");
            var fp = run.Profile("reward_low_FP_rate");
            var fn = run.Profile("reward_low_FN_rate");
            text.AppendLine(CultureInfo.InvariantCulture, $"| **ours: {run.Description}** | **{s.Normalised:F1}** | **{fp.Normalised:F1}** | **{fn.Normalised:F1}** | {s.Threshold:G6} / {fp.Threshold:G6} / {fn.Threshold:G6} |");
        }

        foreach (var (key, name) in Published)
        {
            if (published.TryGetValue(key, out var p))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| published: {name} | {p["standard"]:F1} | {p["reward_low_FP_rate"]:F1} | {p["reward_low_FN_rate"]:F1} | |");
            }
        }

        return text.ToString();
    }

    public static void Write(string docsPath, string table)
    {
        string doc = File.ReadAllText(docsPath);
        int begin = doc.IndexOf(Begin, StringComparison.Ordinal);
        int end = doc.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            throw new InvalidDataException($"{docsPath} lacks the markers {Begin} ... {End}.");
        }

        string updated = doc[..(begin + Begin.Length)] + "\n" + table + doc[end..];
        File.WriteAllText(docsPath, updated);
    }
}
