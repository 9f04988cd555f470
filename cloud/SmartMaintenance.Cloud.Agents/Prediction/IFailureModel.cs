namespace SmartMaintenance.Cloud.Agents.Prediction;

/// <summary>Failure probability and mode from the registered production model.</summary>
public sealed record ModelPrediction(double Probability, string? Mode, string ModelVersion);

/// <summary>
/// Port to the ML side (issue 6): an in-process, thread-safe predictor over the latest value per sensor type of
/// a machine. Returns null when no production model is registered or the inputs it needs are missing; the
/// prediction agent then relies on the trend forecast alone and says so in FailurePredicted.Basis.
/// </summary>
public interface IFailureModel
{
    ModelPrediction? Predict(string deviceId, IReadOnlyDictionary<string, double> latestBySensorType);
}

internal sealed class NoFailureModel : IFailureModel
{
    public ModelPrediction? Predict(string deviceId, IReadOnlyDictionary<string, double> latestBySensorType) => null;
}
