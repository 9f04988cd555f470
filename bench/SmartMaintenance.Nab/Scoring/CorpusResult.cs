namespace SmartMaintenance.Nab.Scoring;

/// <summary>A detector's corpus result under one profile: the optimised threshold, raw and normalised scores, per-file rows.</summary>
public sealed record CorpusResult(string Detector, string Profile, double Threshold, double RawScore, double NullScore, double PerfectScore, IReadOnlyList<FileScore> Files)
{
    /// <summary>100 · (S - S_null) / (S_perfect - S_null).</summary>
    public double Normalised => Normalise(RawScore, NullScore, PerfectScore);

    public static double Normalise(double raw, double nullScore, double perfect) => 100.0 * (raw - nullScore) / (perfect - nullScore);
}
