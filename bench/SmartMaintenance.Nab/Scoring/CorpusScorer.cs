using SmartMaintenance.Nab.Corpus;

namespace SmartMaintenance.Nab.Scoring;

/// <summary>
/// NAB's protocol for one detector: optimise one threshold per profile over the whole corpus, score every
/// file at that threshold, sum, and normalise between the null detector (never fires: -A_FN per window) and
/// the perfect one (A_TP per window).
/// </summary>
public static class CorpusScorer
{
    public static CorpusResult Score(string detector, IReadOnlyList<NabSeries> corpus, IReadOnlyList<double[]> anomalyScores, NabProfile profile, double? fixedThreshold = null)
    {
        var sweeps = corpus.Select((s, i) => NabSweep.Rows(s, anomalyScores[i])).ToList();
        double threshold = fixedThreshold ?? ThresholdOptimizer.Optimise(sweeps, profile).Threshold;
        var files = corpus.Select((s, i) => NabFileScorer.Score(s, sweeps[i], profile, threshold)).ToList();
        int windows = corpus.Sum(s => s.Windows.Length);
        return new CorpusResult(detector, profile.Name, threshold, files.Sum(f => f.Score),
            -windows * profile.FnWeight, windows * profile.TpWeight, files);
    }
}
