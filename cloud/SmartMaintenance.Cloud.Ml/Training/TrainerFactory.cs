using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using SmartMaintenance.Cloud.Ml.Features;

namespace SmartMaintenance.Cloud.Ml.Training;

/// <summary>Builds the ML.NET estimators for one configuration. Column names match FailureRow and ModeRow.</summary>
internal static class TrainerFactory
{
    public static IEstimator<ITransformer> Failure(MLContext ml, TrainingOptions o, int seed) => o.Trainer switch
    {
        TrainerKind.FastTree => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            ExampleWeightColumnName = "Weight",
            NumberOfTrees = o.Trees,
            NumberOfLeaves = o.Leaves,
            MinimumExampleCountPerLeaf = o.MinimumExamplesPerLeaf,
            LearningRate = o.LearningRate,
            NumberOfThreads = o.Threads,
            Seed = seed,
        }),
        TrainerKind.FastForest => ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            ExampleWeightColumnName = "Weight",
            NumberOfTrees = o.Trees,
            NumberOfLeaves = o.Leaves,
            MinimumExampleCountPerLeaf = o.MinimumExamplesPerLeaf,
            NumberOfThreads = o.Threads,
            Seed = seed,
        }).Append(ml.BinaryClassification.Calibrators.Platt(labelColumnName: "Label")),
        TrainerKind.LightGbm => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            ExampleWeightColumnName = "Weight",
            NumberOfIterations = o.Trees,
            NumberOfLeaves = o.Leaves,
            MinimumExampleCountPerLeaf = o.MinimumExamplesPerLeaf,
            LearningRate = o.LearningRate,
            NumberOfThreads = o.Threads,
            Seed = seed,
            Silent = true,
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(o), o.Trainer, "unknown trainer"),
    };

    /// <summary>
    /// The mode label is mapped to keys in FailureModes.Names order (given explicitly, not by first appearance),
    /// so Score[i] is always the score of FailureModes.Names[i].
    /// </summary>
    public static IEstimator<ITransformer> Modes(MLContext ml, TrainingOptions o, int seed) =>
        ml.Transforms.Conversion.MapValueToKey("ModeKey", "Mode", keyData: ml.Data.LoadFromEnumerable(FailureModes.Names.Select(n => new ModeName(n))))
        .Append(ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
        {
            LabelColumnName = "ModeKey",
            FeatureColumnName = "Features",
            ExampleWeightColumnName = "Weight",
            NumberOfIterations = o.ModeTrees,
            NumberOfLeaves = o.Leaves,
            MinimumExampleCountPerLeaf = Math.Max(2, o.MinimumExamplesPerLeaf / 2),
            LearningRate = o.LearningRate,
            NumberOfThreads = o.Threads,
            Seed = seed,
            Silent = true,
        }));

    private sealed record ModeName(string Mode);
}
