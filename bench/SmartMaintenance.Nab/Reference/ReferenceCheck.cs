using System.Text.Json;
using SmartMaintenance.Nab.Corpus;
using SmartMaintenance.Nab.Scoring;

namespace SmartMaintenance.Nab.Reference;

/// <summary>A difference between our scorer and a published figure.</summary>
public sealed record Mismatch(string Where, string What, double Ours, double Published);

/// <summary>
/// Checks our scorer against NAB's published windowedGaussian results: the row-by-row S(t) of the
/// realKnownCause files (scored from their published anomaly_score column at the published thresholds), the
/// per-file summaries, and the normalisation of every complete per-file table against final_results.json.
/// </summary>
public static class ReferenceCheck
{
    public const string Detector = "windowedGaussian";

    /// <summary>Row files checked, and every mismatch beyond <paramref name="tolerance"/>.</summary>
    public static (int FilesChecked, int RowsChecked, List<Mismatch> Mismatches) RowByRow(string nabRoot, IReadOnlyList<NabProfile> profiles, double tolerance = 1e-9)
    {
        var windows = NabCorpus.LoadWindows(Path.Combine(nabRoot, "labels", "combined_windows.json"));
        var thresholds = Thresholds(nabRoot, Detector);
        var mismatches = new List<Mismatch>();
        int files = 0, rowsChecked = 0;
        string folder = Path.Combine(nabRoot, "results", Detector);
        foreach (string path in Directory.GetFiles(folder, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string sub = Path.GetRelativePath(folder, path);
            if (!sub.Contains(Path.DirectorySeparatorChar))
            {
                continue; // the per-file summaries live at the top of the folder
            }

            string relative = Path.GetDirectoryName(sub)!.Replace('\\', '/') + "/" + Path.GetFileName(sub)[(Detector.Length + 1)..];
            var rows = PublishedResults.Rows(path);
            var series = NabCorpus.LoadSeries(Path.Combine(nabRoot, "data", relative), relative, windows[relative]);
            double[] scores = rows.Select(r => r.AnomalyScore).ToArray();
            files++;
            foreach (var profile in profiles)
            {
                var ours = NabFileScorer.Score(series, scores, profile, thresholds[profile.Name]);
                for (int i = 0; i < rows.Count; i++)
                {
                    double published = rows[i].ScoreByProfile[profile.Name];
                    rowsChecked++;
                    if (Math.Abs(ours.RowScores[i] - published) > tolerance)
                    {
                        mismatches.Add(new Mismatch($"{relative} row {i}", $"S(t)_{profile.Name}", ours.RowScores[i], published));
                    }
                }

                var summary = PublishedResults.FileScores(nabRoot, Detector, profile.Name)!.Single(f => f.File == relative);
                Compare(mismatches, $"{relative} {profile.Name}", "Score", ours.Score, summary.Score, tolerance);
                Compare(mismatches, $"{relative} {profile.Name}", "TP", ours.Tp, summary.Tp, 0);
                Compare(mismatches, $"{relative} {profile.Name}", "TN", ours.Tn, summary.Tn, 0);
                Compare(mismatches, $"{relative} {profile.Name}", "FP", ours.Fp, summary.Fp, 0);
                Compare(mismatches, $"{relative} {profile.Name}", "FN", ours.Fn, summary.Fn, 0);
                Compare(mismatches, $"{relative} {profile.Name}", "Total", ours.Total, summary.Total, 0);
            }
        }

        return (files, rowsChecked, mismatches);
    }

    /// <summary>
    /// For every published detector whose per-file table covers all <paramref name="corpusFiles"/> files:
    /// our normalisation of its summed per-file scores against final_results.json.
    /// </summary>
    public static (List<string> Checked, List<Mismatch> Mismatches) CorpusNormalisation(string nabRoot, IReadOnlyList<NabProfile> profiles, int corpusFiles, int windows, double tolerance = 1e-6)
    {
        var final = PublishedResults.FinalResults(nabRoot);
        var mismatches = new List<Mismatch>();
        var checkedDetectors = new List<string>();
        foreach (var (detector, published) in final.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var tables = profiles.Select(p => (p, PublishedResults.FileScores(nabRoot, detector, p.Name))).ToList();
            if (tables.Any(t => t.Item2 is null || t.Item2.Count != corpusFiles))
            {
                continue; // e.g. "random" publishes 32 of the 58 files: the corpus score cannot be rebuilt
            }

            checkedDetectors.Add(detector);
            foreach (var (profile, files) in tables)
            {
                double ours = CorpusResult.Normalise(files!.Sum(f => f.Score), -windows * profile.FnWeight, windows * profile.TpWeight);
                Compare(mismatches, detector, profile.Name, ours, published[profile.Name], tolerance);
            }
        }

        return (checkedDetectors, mismatches);
    }

    public static Dictionary<string, double> Thresholds(string nabRoot, string detector)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(nabRoot, "config", "thresholds.json")));
        return document.RootElement.GetProperty(detector).EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("threshold").GetDouble());
    }

    private static void Compare(List<Mismatch> list, string where, string what, double ours, double published, double tolerance)
    {
        if (Math.Abs(ours - published) > tolerance)
        {
            list.Add(new Mismatch(where, what, ours, published));
        }
    }
}
