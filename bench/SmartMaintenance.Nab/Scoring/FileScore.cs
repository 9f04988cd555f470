namespace SmartMaintenance.Nab.Scoring;

/// <summary>
/// One file's NAB result at a threshold, as in results/&lt;detector&gt;/*_scores.csv, plus the per-row S(t)
/// column of NAB's row files: each window's contribution (its earliest detection, or -A_FN) on the window's
/// first scored row, each false positive on its own row, 0 elsewhere.
/// </summary>
public sealed record FileScore(string File, string Profile, double Threshold, double Score, int Tp, int Tn, int Fp, int Fn, int Total, double[] RowScores);
