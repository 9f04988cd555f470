namespace SmartMaintenance.Cloud.Detection.Statistical;

/// <summary>Options of <see cref="RobustZScoreDetector"/>.</summary>
public sealed record RobustZScoreOptions
{
    /// <summary>Samples in the rolling median/MAD window.</summary>
    public int WindowSize { get; init; } = 512;

    /// <summary>Samples needed before the first judgement.</summary>
    public int MinSamples { get; init; } = 30;

    /// <summary>|z| at which the score is 0.5 (3.5 is Iglewicz and Hoaglin's outlier cut-off for modified z).</summary>
    public double HalfScoreZ { get; init; } = 3.5;

    /// <summary>Score the first difference instead of the level: catches jumps in slowly wandering signals.</summary>
    public bool OnDifferences { get; init; }

    /// <summary>
    /// Smallest spread used, relative to the window's inter-quantile range (5 %–95 %) and absolute; a signal
    /// that sits on one value most of the time has MAD 0 and would otherwise give infinite z on any wiggle.
    /// </summary>
    public double RelativeSpreadFloor { get; init; } = 0.01;

    public double AbsoluteSpreadFloor { get; init; } = 1e-9;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (WindowSize < 8) errors.Add("WindowSize must be at least 8.");
        if (MinSamples < 3 || MinSamples > WindowSize) errors.Add("MinSamples must be between 3 and WindowSize.");
        if (!(HalfScoreZ > 0)) errors.Add("HalfScoreZ must be positive.");
        if (RelativeSpreadFloor < 0 || AbsoluteSpreadFloor < 0) errors.Add("Spread floors must not be negative.");
        return errors;
    }

    internal RobustZScoreOptions EnsureValid()
    {
        var errors = Validate();
        return errors.Count == 0 ? this : throw new ArgumentException(string.Join(" ", errors));
    }
}
