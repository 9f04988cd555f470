namespace SmartMaintenance.Cloud.Detection.Sequence;

/// <summary>Options of <see cref="ContextKnnDetector"/>. One set for every sensor (no per-series tuning).</summary>
public sealed record ContextKnnOptions
{
    /// <summary>Samples in one context (the lag window compared with past windows).</summary>
    public int ContextLength { get; init; } = 24;

    /// <summary>Past contexts kept as the reference set (a ring: the most recent ones).</summary>
    public int ReferenceSize { get; init; } = 500;

    /// <summary>Nearest neighbours whose mean distance is the nonconformity of a context.</summary>
    public int Neighbours { get; init; } = 5;

    /// <summary>Past nonconformity values the current one is ranked against (conformal calibration set).</summary>
    public int CalibrationSize { get; init; } = 6000;

    /// <summary>Samples before the first judgement.</summary>
    public int WarmupSamples { get; init; } = 150;

    /// <summary>
    /// A value further than this fraction of the range seen so far outside that range scores 1 by itself
    /// (a new extreme needs no neighbours to be unusual).
    /// </summary>
    public double NewExtremeMargin { get; init; } = 0.05;

    /// <summary>Raw scores in the likelihood's long and short windows (see <see cref="Combined.AnomalyLikelihood"/>); 0 = no likelihood.</summary>
    public int LikelihoodLongWindow { get; init; } = 0;

    public int LikelihoodShortWindow { get; init; } = 5;

    /// <summary>Score at or above which an alert is raised (starts the hold-off).</summary>
    public double AlertAt { get; init; } = 0.99;

    /// <summary>After an alert, the next scores are multiplied by <see cref="HoldOffFactor"/> for this many samples.</summary>
    public int HoldOffSamples { get; init; } = 50;

    public double HoldOffFactor { get; init; } = 0.5;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ContextLength < 1) errors.Add("ContextLength must be at least 1.");
        if (ReferenceSize < Neighbours + 1) errors.Add("ReferenceSize must exceed Neighbours.");
        if (Neighbours < 1) errors.Add("Neighbours must be at least 1.");
        if (CalibrationSize < 10) errors.Add("CalibrationSize must be at least 10.");
        if (WarmupSamples < ContextLength + Neighbours + 1) errors.Add("WarmupSamples must exceed ContextLength + Neighbours.");
        if (!(NewExtremeMargin >= 0)) errors.Add("NewExtremeMargin must not be negative.");
        if (LikelihoodLongWindow != 0 && (LikelihoodLongWindow < 10 || LikelihoodShortWindow < 1 || LikelihoodShortWindow >= LikelihoodLongWindow))
        {
            errors.Add("Likelihood windows must satisfy 1 <= LikelihoodShortWindow < LikelihoodLongWindow and LikelihoodLongWindow >= 10 (or LikelihoodLongWindow = 0).");
        }

        if (!(AlertAt > 0 && AlertAt <= 1)) errors.Add("AlertAt must be in (0, 1].");
        if (HoldOffSamples < 0) errors.Add("HoldOffSamples must not be negative.");
        if (!(HoldOffFactor >= 0 && HoldOffFactor <= 1)) errors.Add("HoldOffFactor must be in [0, 1].");
        return errors;
    }

    internal ContextKnnOptions EnsureValid()
    {
        var errors = Validate();
        return errors.Count == 0 ? this : throw new ArgumentException(string.Join(" ", errors));
    }
}
