namespace SmartMaintenance.Cloud.Ml.Training;

/// <summary>The tree-ensemble candidates of ML.NET 5 (SPEC §3 ML).</summary>
public enum TrainerKind
{
    FastTree,
    FastForest,
    LightGbm,
}
