using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Prediction;
using SmartMaintenance.Cloud.Ml;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Prediction;
using SmartMaintenance.Cloud.Ml.Registry;

namespace SmartMaintenance.Cloud.Agents;

/// <summary>
/// The prediction agent's failure model: the registry's enabled production version of Cloud:Ml:ModelName, through
/// the shared in-process predictor. Product type L (the AI4I default). Null while no production model exists.
/// </summary>
internal sealed class MlFailureModel(ModelRegistry registry, IFailurePredictor predictor, IOptions<MlOptions> options) : IFailureModel
{
    public async ValueTask<ModelPrediction?> PredictAsync(ModelInputs inputs, CancellationToken cancellationToken)
    {
        var name = options.Value.ModelName;
        if (await registry.ResolveAsync(name, ModelRegistry.Auto, cancellationToken) is not { } production)
        {
            return null;
        }

        var result = await predictor.PredictAsync(name, production.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new MachineReading(MachineReading.DefaultType, inputs.AirTemperatureK, inputs.ProcessTemperatureK, inputs.RotationalSpeedRpm,
                inputs.TorqueNm, inputs.ToolWearMin), cancellationToken);
        var mode = result.FailureModeProbabilities.Count == 0 ? null : result.FailureModeProbabilities.MaxBy(p => p.Value).Key;
        return new ModelPrediction(result.FailureProbability, mode, $"{result.ModelName} v{result.ModelVersion}");
    }
}
