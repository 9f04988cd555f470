namespace SmartMaintenance.Cloud.Detection.Statistical;

/// <summary>Options of <see cref="EwmaDetector"/>.</summary>
public sealed record EwmaOptions
{
    /// <summary>Smoothing of the mean and variance; 0.01 ≈ an effective memory of 100 samples.</summary>
    public double Alpha { get; init; } = 0.01;

    /// <summary>Samples before the first judgement (the chart needs a variance to compare with).</summary>
    public int WarmupSamples { get; init; } = 30;

    /// <summary>|z| at which the score is 0.5 (3σ control limits, Shewhart/Roberts).</summary>
    public double HalfScoreZ { get; init; } = 3.0;

    /// <summary>Largest deviation, in σ, that a sample contributes to the mean and variance updates.</summary>
    public double ClipZ { get; init; } = 3.0;

    /// <summary>Smallest standard deviation used, absolute and relative to |mean|.</summary>
    public double AbsoluteStdFloor { get; init; } = 1e-9;

    public double RelativeStdFloor { get; init; } = 1e-4;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(Alpha > 0 && Alpha < 1)) errors.Add("Alpha must be in (0, 1).");
        if (WarmupSamples < 2) errors.Add("WarmupSamples must be at least 2.");
        if (!(HalfScoreZ > 0)) errors.Add("HalfScoreZ must be positive.");
        if (!(ClipZ > 0)) errors.Add("ClipZ must be positive.");
        if (AbsoluteStdFloor < 0 || RelativeStdFloor < 0) errors.Add("Std floors must not be negative.");
        return errors;
    }

    internal EwmaOptions EnsureValid()
    {
        var errors = Validate();
        return errors.Count == 0 ? this : throw new ArgumentException(string.Join(" ", errors));
    }
}
