namespace SmartMaintenance.Cloud.Agents.Prediction;

/// <summary>Failure probability and mode from the registered production model.</summary>
public sealed record ModelPrediction(double Probability, string? Mode, string ModelVersion);

/// <summary>The five AI4I inputs of a machine, from the latest value of each mapped sensor (PredictionOptions.ModelInputs).</summary>
public sealed record ModelInputs(
    string DeviceId,
    double AirTemperatureK,
    double ProcessTemperatureK,
    double RotationalSpeedRpm,
    double TorqueNm,
    double ToolWearMin);

/// <summary>
/// Port to the ML side (issue 6): the registry's production model, in process and thread-safe. Returns null when
/// no production model is registered; the prediction agent then relies on the trend forecast alone and says so
/// in FailurePredicted.Basis. The host adapts it to SmartMaintenance.Cloud.Ml (Agents/MlFailureModel.cs).
/// </summary>
public interface IFailureModel
{
    ValueTask<ModelPrediction?> PredictAsync(ModelInputs inputs, CancellationToken cancellationToken);
}

internal sealed class NoFailureModel : IFailureModel
{
    public ValueTask<ModelPrediction?> PredictAsync(ModelInputs inputs, CancellationToken cancellationToken) => ValueTask.FromResult<ModelPrediction?>(null);
}
