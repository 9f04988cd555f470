using SmartMaintenance.Cloud.Detection.Ml;
using SmartMaintenance.Cloud.Detection.Statistical;

namespace SmartMaintenance.Cloud.Detection.Combined;

/// <summary>Options of <see cref="CombinedDetector"/>: its components' options, the severity bands and the alert hold-off.</summary>
public sealed record CombinedOptions
{
    public RobustZScoreOptions Level { get; init; } = new();

    public RobustZScoreOptions Step { get; init; } = new() { OnDifferences = true };

    public EwmaOptions Ewma { get; init; } = new();

    public IsolationForestOptions Forest { get; init; } = new();

    /// <summary>Use the isolation forest (the costliest component: about 100 tree walks per sample).</summary>
    public bool UseForest { get; init; } = true;

    /// <summary>
    /// Report the anomaly likelihood of the strongest component's score (see <see cref="AnomalyLikelihood"/>)
    /// instead of the score itself: calibrates each sensor against its own history of scores.
    /// </summary>
    public bool UseLikelihood { get; init; } = true;

    /// <summary>Raw scores in the likelihood's history (long window) and in its recent average (short window).</summary>
    public int LikelihoodLongWindow { get; init; } = 1000;

    public int LikelihoodShortWindow { get; init; } = 5;

    /// <summary>Lower bounds of the severity bands on the combined score.</summary>
    public double LowAt { get; init; } = 0.5;

    public double MediumAt { get; init; } = 0.7;

    public double HighAt { get; init; } = 0.85;

    public double CriticalAt { get; init; } = 0.95;

    /// <summary>
    /// After a score reaches <see cref="HighAt"/>, the next <see cref="HoldOffSamples"/> scores are multiplied by
    /// <see cref="HoldOffFactor"/> unless they exceed the score that raised the alert: one incident raises one
    /// alert, not one per sample while it lasts. 0 disables the hold-off.
    /// </summary>
    public int HoldOffSamples { get; init; } = 0;

    public double HoldOffFactor { get; init; } = 0.5;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(Level.Validate().Select(e => "Level: " + e));
        errors.AddRange(Step.Validate().Select(e => "Step: " + e));
        errors.AddRange(Ewma.Validate().Select(e => "Ewma: " + e));
        errors.AddRange(Forest.Validate().Select(e => "Forest: " + e));
        if (!(0 < LowAt && LowAt < MediumAt && MediumAt < HighAt && HighAt < CriticalAt && CriticalAt <= 1))
        {
            errors.Add("Severity bands must satisfy 0 < LowAt < MediumAt < HighAt < CriticalAt <= 1.");
        }

        if (LikelihoodLongWindow < 10 || LikelihoodShortWindow < 1 || LikelihoodShortWindow >= LikelihoodLongWindow)
        {
            errors.Add("Likelihood windows must satisfy 1 <= LikelihoodShortWindow < LikelihoodLongWindow and LikelihoodLongWindow >= 10.");
        }

        if (HoldOffSamples < 0) errors.Add("HoldOffSamples must not be negative.");
        if (!(HoldOffFactor >= 0 && HoldOffFactor <= 1)) errors.Add("HoldOffFactor must be in [0, 1].");
        return errors;
    }

    internal CombinedOptions EnsureValid()
    {
        var errors = Validate();
        return errors.Count == 0 ? this : throw new ArgumentException(string.Join(" ", errors));
    }
}
