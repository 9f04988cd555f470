using SmartMaintenance.Nab.Corpus;
using SmartMaintenance.Nab.Detectors;
using SmartMaintenance.Nab.Reference;
using SmartMaintenance.Nab.Scoring;

namespace SmartMaintenance.Nab.Runner;

/// <summary>`--verify`: prints how our scorer reproduces NAB's published windowedGaussian results; exit code 1 on a mismatch.</summary>
public static class VerifyCommand
{
    public static int Run(string nabRoot, IReadOnlyList<NabSeries> corpus, IReadOnlyList<NabProfile> profiles)
    {
        var (files, rows, rowMismatches) = ReferenceCheck.RowByRow(nabRoot, profiles);
        Console.WriteLine($"Row by row: {files} windowedGaussian files, {rows} S(t) values and 3 x {files} per-file summaries: {rowMismatches.Count} mismatches");
        foreach (var m in rowMismatches.Take(20)) Console.WriteLine($"  {m.Where} {m.What}: ours {m.Ours} published {m.Published}");

        var (detectors, corpusMismatches) = ReferenceCheck.CorpusNormalisation(nabRoot, profiles, corpus.Count, corpus.Sum(s => s.Windows.Length));
        Console.WriteLine($"Corpus normalisation of {detectors.Count} complete per-file tables ({string.Join(", ", detectors)}): {corpusMismatches.Count} mismatches");
        foreach (var m in corpusMismatches) Console.WriteLine($"  {m.Where} {m.What}: ours {m.Ours} published {m.Published}");

        // Our rebuild of the detector, scored per file at the published threshold, against the published summaries.
        var scores = corpus.Select(s => DetectorCatalog.Run("windowedgaussian", s)).ToList();
        var thresholds = ReferenceCheck.Thresholds(nabRoot, ReferenceCheck.Detector);
        foreach (var profile in profiles)
        {
            var published = PublishedResults.FileScores(nabRoot, ReferenceCheck.Detector, profile.Name)!.ToDictionary(f => f.File);
            var result = CorpusScorer.Score("windowedgaussian", corpus, scores, profile, thresholds[profile.Name]);
            var differing = result.Files.Where(f => Math.Abs(f.Score - published[f.File].Score) > 1e-6).ToList();
            Console.WriteLine($"Rebuilt windowedGaussian, {profile.Name} at {thresholds[profile.Name]}: {result.Normalised:F2} (published {PublishedResults.FinalResults(nabRoot)[ReferenceCheck.Detector][profile.Name]:F2}); files differing: {differing.Count}");
            foreach (var f in differing) Console.WriteLine($"  {f.File}: ours {f.Score:F4} (TP {f.Tp} FP {f.Fp}) published {published[f.File].Score:F4} (TP {published[f.File].Tp} FP {published[f.File].Fp})");
        }

        return rowMismatches.Count + corpusMismatches.Count == 0 ? 0 : 1;
    }
}
