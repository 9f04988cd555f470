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
}
