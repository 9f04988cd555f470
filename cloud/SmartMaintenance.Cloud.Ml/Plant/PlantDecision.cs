using SmartMaintenance.Cloud.Ml.Evaluation;
using SmartMaintenance.Cloud.Ml.Retraining;

namespace SmartMaintenance.Cloud.Ml.Plant;

/// <summary>
/// One retraining on the plant's labels: both models' F1 on the held-out plant labels (every reading of a held-out
/// label's window is a row), the challenger's cross-validated F1 on the baseline's rows against the floor (the
/// configuration's F1 on the baseline alone minus the margin; PlantRetraining), what it saw.
/// </summary>
public sealed record PlantDecision(
    bool Promoted,
    int? ChampionVersion,
    int? ChallengerVersion,
    double ChampionPlantF1,
    double ChallengerPlantF1,
    double ChallengerF1OnBaselineRows,
    double FloorF1,
    int TrainingLabels,
    int HeldOutLabels,
    string DataSeen,
    string Explanation)
{
    /// <summary>The challenger's cross-validated metrics on baseline + plant rows; null when it was not trained.</summary>
    public ModelMetrics? ChallengerMetrics { get; init; }

    /// <summary>The decision as the registry's decision log keeps it (Metric "plant-f1": F1 on the held-out plant labels).</summary>
    public RetrainDecision ToRecord(string modelName, string reason, ModelMetrics? championMetrics, string? dataSha256, DateTimeOffset at) =>
        new(modelName, at, reason, ChampionVersion, championMetrics, ChallengerVersion, ChallengerMetrics, "plant-f1",
            ChampionF1Margin, Promoted, Explanation,
            Comparison: $"held-out plant labels: {HeldOutLabels}; {DataSeen}", ChampionStoredMetrics: championMetrics, DataSha256: dataSha256);

    /// <summary>The margin the challenger had to beat the champion by.</summary>
    public double ChampionF1Margin { get; init; }

    /// <summary>The configuration's cross-validated F1 on the baseline alone (the floor before the margin); NaN when not trained.</summary>
    public double BaselineAloneF1 { get; init; } = double.NaN;
}
