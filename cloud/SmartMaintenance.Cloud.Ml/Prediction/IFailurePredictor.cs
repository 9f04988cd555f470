using SmartMaintenance.Cloud.Ml.Data;

namespace SmartMaintenance.Cloud.Ml.Prediction;

/// <summary>
/// In-process prediction for the agents and the API. Thread-safe: callers share one instance.
/// Throws ModelNotFoundException for an unknown/disabled model or version, ArtifactIntegrityException for a
/// tampered artifact.
/// </summary>
public interface IFailurePredictor
{
    ValueTask<FailurePrediction> PredictAsync(string modelName, string modelVersion, MachineReading reading, CancellationToken cancellationToken);

    /// <summary>
    /// explain = true adds the additive explanation (FailurePrediction.Explanation): exact Shapley values over
    /// the model's background rows, about a millisecond of CPU, so only on request.
    /// </summary>
    ValueTask<FailurePrediction> PredictAsync(string modelName, string modelVersion, MachineReading reading, bool explain, CancellationToken cancellationToken) =>
        PredictAsync(modelName, modelVersion, reading, cancellationToken);
}
