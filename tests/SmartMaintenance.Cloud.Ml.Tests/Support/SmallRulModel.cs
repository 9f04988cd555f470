using SmartMaintenance.Cloud.Ml.Rul;

namespace SmartMaintenance.Cloud.Ml.Tests.Support;

/// <summary>
/// A small RUL model for tests: the real FD001 files, fewer and larger-step trees, 2 folds. Tests check behaviour;
/// the figures of the real configuration come from `train-rul` (docs/models/cmapss-rul.md).
/// </summary>
public static class SmallRulModel
{
    private static readonly Lazy<(IReadOnlyList<CmapssEngine> Train, IReadOnlyList<CmapssEngine> Test)> Data =
        new(() => CmapssLoader.LoadFd001(CmapssLoader.DefaultFolder));

    public static IReadOnlyList<CmapssEngine> Train => Data.Value.Train;

    public static IReadOnlyList<CmapssEngine> Test => Data.Value.Test;

    public static RulOptions Options { get; } = new() { Trees = 60, LearningRate = 0.15, Folds = 2 };

    private static readonly Lazy<(RulModel Model, RulReport Report)> Trained =
        new(() => RulTrainer.TrainAndEvaluate(Train, Test, Options, CmapssLoader.CombinedSha256));

    public static RulModel Model => Trained.Value.Model;

    public static RulReport Report => Trained.Value.Report;
}
