using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Tests.Support;

/// <summary>
/// A small, fast training setup for tests: a stratified 2,500-row subsample of the real file and few trees.
/// Unit tests check behaviour; the full protocol's figures come from the train command (docs/models/ai4i.md).
/// </summary>
public static class SmallModel
{
    private static readonly Lazy<Ai4iDataset> Full = new(() => Ai4iCsvLoader.Load(Ai4iCsvLoader.DefaultPath));

    public static Ai4iDataset FullData => Full.Value;

    public static Ai4iDataset Data { get; } = Full.Value.Subsample(2500, seed: 5);

    public static TrainingOptions Options { get; } = new()
    {
        Trainer = TrainerKind.FastTree,
        Trees = 30,
        Leaves = 8,
        MinimumExamplesPerLeaf = 5,
        LearningRate = 0.2,
        Folds = 3,
        Seeds = [7],
        ModeTrees = 20,
    };

    private static readonly Lazy<(TrainedModel Model, SmartMaintenance.Cloud.Ml.Evaluation.CrossValidationReport Report)> Trained =
        new(() => ModelTrainer.TrainAndEvaluate(Data, Options));

    /// <summary>One trained model shared by the tests that only read it.</summary>
    public static TrainedModel Model => Trained.Value.Model;

    public static SmartMaintenance.Cloud.Ml.Evaluation.CrossValidationReport Report => Trained.Value.Report;

    public static MachineReading Normal { get; } = new('L', 300.0, 310.0, 1500, 40, 50);

    /// <summary>Torque x speed = 75 Nm x 1200 rpm = 9.4 kW, above the 9 kW power-failure limit of the generator.</summary>
    public static MachineReading PowerFailure { get; } = new('L', 300.0, 310.0, 1200, 75, 50);

    /// <summary>
    /// A new temp folder for a test class's field: the class deletes it in Dispose (xunit disposes after a failing
    /// test too). Inside one test, use <c>using var temp = new TempFolder("sm-ml-")</c> instead.
    /// </summary>
    public static string TempFolder() => SmartMaintenance.TestSupport.TempFolders.Create("sm-ml-");
}
