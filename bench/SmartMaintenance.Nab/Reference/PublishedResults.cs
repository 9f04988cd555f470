using System.Globalization;
using System.Text.Json;

namespace SmartMaintenance.Nab.Reference;

/// <summary>One row of a published per-file summary (results/&lt;detector&gt;/&lt;detector&gt;_&lt;profile&gt;_scores.csv).</summary>
public sealed record PublishedFileScore(string File, double Threshold, double Score, int Tp, int Tn, int Fp, int Fn, int Total);

/// <summary>One row of a published row-by-row result file (timestamp, value, anomaly_score, label, S(t)_&lt;profile&gt;...).</summary>
public sealed record PublishedRow(string Timestamp, double Value, double AnomalyScore, int Label, IReadOnlyDictionary<string, double> ScoreByProfile);

/// <summary>Reads NAB's published results (the reference our scorer is checked against).</summary>
public static class PublishedResults
{
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> FinalResults(string nabRoot)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(nabRoot, "results", "final_results.json")));
        return document.RootElement.EnumerateObject().ToDictionary(
            d => d.Name,
            d => (IReadOnlyDictionary<string, double>)d.Value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()));
    }

    /// <summary>Per-file rows of a summary CSV, without its Totals line; null when the file does not exist.</summary>
    public static IReadOnlyList<PublishedFileScore>? FileScores(string nabRoot, string detector, string profile)
    {
        string path = Path.Combine(nabRoot, "results", detector, $"{detector}_{profile}_scores.csv");
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path).Skip(1)
            .Select(l => l.Split(','))
            .Where(c => c[0] != "Totals" && c.Length >= 10)
            .Select(c => new PublishedFileScore(c[2], D(c[3]), D(c[4]), I(c[5]), I(c[6]), I(c[7]), I(c[8]), I(c[9])))
            .ToList();
    }

    public static IReadOnlyList<PublishedRow> Rows(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var profileColumns = header.Select((h, i) => (h, i)).Where(x => x.h.StartsWith("S(t)_", StringComparison.Ordinal)).ToList();
        return lines.Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var c = l.Split(',');
            return new PublishedRow(c[0], D(c[1]), D(c[2]), I(c[3]),
                profileColumns.ToDictionary(p => p.h["S(t)_".Length..], p => D(c[p.i])));
        }).ToList();
    }

    private static double D(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static int I(string s) => (int)double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
