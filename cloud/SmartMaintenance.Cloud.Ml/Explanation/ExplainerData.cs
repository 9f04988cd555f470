namespace SmartMaintenance.Cloud.Ml.Explanation;

/// <summary>The failure model's tree copy and the background rows (feature vectors) its explanations average over.</summary>
public sealed record ExplainerData(TreeEnsemble Ensemble, IReadOnlyList<float[]> Background);
