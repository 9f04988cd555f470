using System.Globalization;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Reporting;
using SmartMaintenance.Cloud.Ml;
using SmartMaintenance.Cloud.Ml.Registry;

namespace SmartMaintenance.Cloud.Agents;

/// <summary>
/// The reports' view of the production model: the registry's enabled production version of Cloud:Ml:ModelName (the
/// one MlFailureModel predicts with) and the cross-validated metrics it was registered with.
/// </summary>
internal sealed class MlProductionModelInfo(ModelRegistry registry, IOptions<MlOptions> options) : IProductionModelInfo
{
    public async Task<ProductionModel?> GetAsync(CancellationToken cancellationToken)
    {
        if (await registry.ResolveAsync(options.Value.ModelName, ModelRegistry.Auto, cancellationToken) is not { } v)
        {
            return null;
        }

        var m = v.Metrics;
        return new ProductionModel(v.Name, v.Version.ToString(CultureInfo.InvariantCulture), v.CreatedUtc, new Dictionary<string, double>
        {
            ["f1"] = m.F1,
            ["f1_std_dev"] = m.F1StdDev,
            ["precision"] = m.Precision,
            ["recall"] = m.Recall,
            ["roc_auc"] = m.RocAuc,
            ["pr_auc"] = m.PrAuc,
            ["mode_macro_f1"] = m.ModeMacroF1,
            ["threshold"] = m.Threshold,
        });
    }
}
