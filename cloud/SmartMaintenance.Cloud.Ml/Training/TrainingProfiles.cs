namespace SmartMaintenance.Cloud.Ml.Training;

/// <summary>
/// The named candidate sets of a retraining: "fast" is the first-start baseline alone; "full" is the train
/// command's search (every candidate, the best one on the held-out folds wins), so a full retraining on the
/// same data yields the model docs/models/ai4i.md describes as chosen.
/// </summary>
public static class TrainingProfiles
{
    public const string FastName = "fast";
    public const string FullName = "full";

    /// <summary>Each candidate's configuration, from a small manual search on one seed (trees, leaves, leaf size, learning rate).</summary>
    public static TrainingOptions Candidate(TrainerKind kind) => kind switch
    {
        TrainerKind.FastTree => new TrainingOptions { Trainer = kind, Trees = 300, Leaves = 16, MinimumExamplesPerLeaf = 5, LearningRate = 0.05 },
        TrainerKind.FastForest => new TrainingOptions { Trainer = kind, Trees = 200, Leaves = 32, MinimumExamplesPerLeaf = 2 },
        _ => new TrainingOptions { Trainer = kind, Trees = 200, Leaves = 16, MinimumExamplesPerLeaf = 10, LearningRate = 0.05 },
    };

    /// <summary>
    /// The boosted ensembles only: their raw score is a sum of trees, which the additive explanations and the Platt
    /// calibration work on. FastForest (an average of quantile trees behind its own calibrator) stays selectable
    /// (--candidates) but serves without an explanation.
    /// </summary>
    public static IReadOnlyList<TrainingOptions> Full => [Candidate(TrainerKind.LightGbm), Candidate(TrainerKind.FastTree)];

    public static IReadOnlyList<TrainingOptions> Fast => [TrainingOptions.Fast];

    public static bool IsKnown(string? name) => name is FastName or FullName;

    public static IReadOnlyList<TrainingOptions> Of(string name) => name == FastName ? Fast : Full;
}
