using SmartMaintenance.Cloud.Detection.Ml;
using SmartMaintenance.Cloud.Detection.Sequence;
using SmartMaintenance.Cloud.Detection.Statistical;

namespace SmartMaintenance.Cloud.Detection.Combined;

/// <summary>
/// Options of <see cref="CombinedDetector"/>: the sequence detector that drives its score (context k-NN
/// members and how they vote), the evidence components, the severity bands and the alert hold-off.
/// Defaults are the design chosen on NAB split a (docs/detection.md).
/// </summary>
public sealed record CombinedOptions
{
    public RobustZScoreOptions Level { get; init; } = new();

    public RobustZScoreOptions Step { get; init; } = new() { OnDifferences = true };

    public EwmaOptions Ewma { get; init; } = new();

    public IsolationForestOptions Forest { get; init; } = new();

    /// <summary>Use the isolation forest as an evidence component (about 100 tree walks per sample).</summary>
    public bool UseForest { get; init; } = true;

    /// <summary>
    /// Settings shared by the context k-NN members; each member takes one of <see cref="SequenceContextLengths"/>
    /// as its context length. Their own hold-off is switched off: the combined detector applies one hold-off
    /// to the merged score (<see cref="AlertAt"/>, <see cref="HoldOffSamples"/>, <see cref="HoldOffFactor"/>).
    /// </summary>
    public ContextKnnOptions Sequence { get; init; } = new();

    /// <summary>Context length of each k-NN member (one member per entry; each costs O(ReferenceSize · length) per sample).</summary>
    public IReadOnlyList<int> SequenceContextLengths { get; init; } = [24];

    public SequenceVote SequenceVote { get; init; } = SequenceVote.Mean;

    /// <summary>
    /// Block lengths of extra slow members that see block means (<see cref="CoarseSequence"/>, one per entry);
    /// each one's rank joins the vote by maximum on its blocks' last samples. Empty = no slow member.
    /// </summary>
    public IReadOnlyList<int> CoarseBlocks { get; init; } = [16, 48];

    public int CoarseContextLength { get; init; } = 24;

    /// <summary>Blocks the slow member sees before it judges (its <see cref="ContextKnnOptions.WarmupSamples"/>).</summary>
    public int CoarseWarmupBlocks { get; init; } = 60;

    /// <summary>Pass the merged sequence score through the anomaly likelihood (Ahmad et al. 2017) first.</summary>
    public bool UseLikelihood { get; init; }

    /// <summary>Raw scores in the likelihood's history (long window) and in its recent average (short window).</summary>
    public int LikelihoodLongWindow { get; init; } = 1000;

    public int LikelihoodShortWindow { get; init; } = 5;

    /// <summary>Lower bounds of the severity bands on the strongest component's outlier-scale score.</summary>
    public double LowAt { get; init; } = 0.5;

    public double MediumAt { get; init; } = 0.7;

    public double HighAt { get; init; } = 0.85;

    public double CriticalAt { get; init; } = 0.95;

    /// <summary>Score at or above which the hold-off starts (one incident, one alert).</summary>
    public double AlertAt { get; init; } = 0.99;

    /// <summary>After a score reaches <see cref="AlertAt"/>, the next this many scores are multiplied by <see cref="HoldOffFactor"/>. 0 disables it.</summary>
    public int HoldOffSamples { get; init; } = 50;

    public double HoldOffFactor { get; init; } = 0.5;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(Level.Validate().Select(e => "Level: " + e));
        errors.AddRange(Step.Validate().Select(e => "Step: " + e));
        errors.AddRange(Ewma.Validate().Select(e => "Ewma: " + e));
        errors.AddRange(Forest.Validate().Select(e => "Forest: " + e));
        if (SequenceContextLengths.Count == 0) errors.Add("SequenceContextLengths needs at least one context length.");
        foreach (int length in SequenceContextLengths.Distinct())
        {
            errors.AddRange(Member(length).Validate().Select(e => $"Sequence (context {length}): " + e));
        }

        if (CoarseBlocks.Any(b => b < 2)) errors.Add("CoarseBlocks must be at least 2 samples each.");
        if (CoarseBlocks.Count > 0) errors.AddRange(CoarseMember().Validate().Select(e => $"Coarse sequence: " + e));
        if (!(0 < LowAt && LowAt < MediumAt && MediumAt < HighAt && HighAt < CriticalAt && CriticalAt <= 1))
        {
            errors.Add("Severity bands must satisfy 0 < LowAt < MediumAt < HighAt < CriticalAt <= 1.");
        }

        if (LikelihoodLongWindow < 10 || LikelihoodShortWindow < 1 || LikelihoodShortWindow >= LikelihoodLongWindow)
        {
            errors.Add("Likelihood windows must satisfy 1 <= LikelihoodShortWindow < LikelihoodLongWindow and LikelihoodLongWindow >= 10.");
        }

        if (!(AlertAt > 0 && AlertAt <= 1)) errors.Add("AlertAt must be in (0, 1].");
        if (HoldOffSamples < 0) errors.Add("HoldOffSamples must not be negative.");
        if (!(HoldOffFactor >= 0 && HoldOffFactor <= 1)) errors.Add("HoldOffFactor must be in [0, 1].");
        return errors;
    }

    /// <summary>The options of the member with this context length (no hold-off of its own, no likelihood).</summary>
    public ContextKnnOptions Member(int contextLength) =>
        Sequence with { ContextLength = contextLength, HoldOffSamples = 0, LikelihoodLongWindow = 0 };

    /// <summary>The options of the slow member (block means; its own warm-up in blocks).</summary>
    public ContextKnnOptions CoarseMember() => Member(CoarseContextLength) with { WarmupSamples = CoarseWarmupBlocks };

    internal CombinedOptions EnsureValid()
    {
        var errors = Validate();
        return errors.Count == 0 ? this : throw new ArgumentException(string.Join(" ", errors));
    }
}
