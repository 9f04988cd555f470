namespace SmartMaintenance.Nab.Scoring;

/// <summary>
/// A row as NAB's scorer sees it: the detector's score, where the row sits (a window of its file, outside any
/// window, or in the probation period) and the unweighted value a detection here would add.
/// </summary>
public readonly record struct SweepRow(double AnomalyScore, int Window, double Unweighted)
{
    public const int Outside = -1;
    public const int Probation = -2;

    public bool Scorable => Window != Probation;

    public bool InWindow => Window >= 0;

    /// <summary>The row's contribution under a profile: TP rows are scaled to A_TP at the window's start, FP rows by A_FP.</summary>
    public double Weighted(NabProfile profile) =>
        InWindow ? Unweighted * profile.TpWeight / ScaledSigmoid.MaxTruePositive : Unweighted * profile.FpWeight;
}
