namespace SmartMaintenance.Cloud.Ml.Plant;

/// <summary>
/// One retraining on the plant's labels: both models' F1 on the held-out plant labels (every reading of a held-out
/// label's window is a row), the challenger's cross-validated F1 against the champion's (the floor), what it saw.
/// </summary>
public sealed record PlantDecision(
    bool Promoted,
    int? ChampionVersion,
    int? ChallengerVersion,
    double ChampionPlantF1,
    double ChallengerPlantF1,
    double ChallengerCrossValidatedF1,
    double FloorF1,
    int TrainingLabels,
    int HeldOutLabels,
    string DataSeen,
    string Explanation);
