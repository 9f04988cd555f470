namespace SmartMaintenance.Cloud.Ml.Training;

/// <summary>
/// One training configuration. The same options drive cross-validation and the final fit, so the card's
/// metrics describe the model that is registered. Threads default to 1: ML.NET tree training is then
/// deterministic under a fixed seed (and the machine has two shared cores anyway).
/// </summary>
public sealed record TrainingOptions
{
    public TrainerKind Trainer { get; init; } = TrainerKind.LightGbm;
    public int Trees { get; init; } = 300;
    public int Leaves { get; init; } = 16;
    public int MinimumExamplesPerLeaf { get; init; } = 10;
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Weight of a failure row relative to a normal row; null = sqrt(normal/failure), about 5.4 on AI4I.</summary>
    public double? PositiveWeight { get; init; }

    public int Folds { get; init; } = 5;
    public IReadOnlyList<int> Seeds { get; init; } = [11, 23, 37];
    public int Threads { get; init; } = 1;

    /// <summary>Mode model size (LightGbm multiclass).</summary>
    public int ModeTrees { get; init; } = 200;

    /// <summary>
    /// The baseline the cloud trains on first start (seconds, not minutes): small LightGbm models under the card's
    /// protocol (5 folds x the same 3 seeds), so the train command reports exactly the metrics and threshold
    /// the cloud registers for it (docs/models/ai4i.md, "The baseline the cloud trains on first start").
    /// </summary>
    public static TrainingOptions Fast => new() { Trainer = TrainerKind.LightGbm, Trees = 60, Leaves = 16, LearningRate = 0.15, ModeTrees = 40 };

    /// <summary>Same configuration and same seeds (records compare Seeds by reference, so not ==).</summary>
    public bool SameAs(TrainingOptions other) => this with { Seeds = other.Seeds } == other && Seeds.SequenceEqual(other.Seeds);

    /// <summary>Describe() plus the seed values: identifies a configuration in decisions.</summary>
    public string Key => Describe() + ", seeds " + string.Join(",", Seeds);

    public string Describe() =>
        $"{Trainer}, {Trees} trees, {Leaves} leaves, min {MinimumExamplesPerLeaf} per leaf, "
        + (Trainer == TrainerKind.FastForest ? "" : $"learning rate {LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}, ")
        + $"positive weight {(PositiveWeight is { } w ? w.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : "sqrt(neg/pos)")}, "
        + $"{Folds}-fold x {Seeds.Count} seed(s), mode model LightGbm {ModeTrees} trees";
}
