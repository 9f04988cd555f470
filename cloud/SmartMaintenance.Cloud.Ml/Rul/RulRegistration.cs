using SmartMaintenance.Cloud.Ml.Evaluation;
using SmartMaintenance.Cloud.Ml.Registry;

namespace SmartMaintenance.Cloud.Ml.Rul;

/// <summary>Puts a trained RUL model into the registry (its own name, beside the failure model) and makes it production.</summary>
public static class RulRegistration
{
    public const string DefaultName = "cmapss-rul";

    public static async Task<ModelVersion> RegisterAndPromoteAsync(ModelRegistry registry, string name, RulModel model, RulReport report, TimeProvider time, CancellationToken cancellationToken)
    {
        // The classifier metrics do not apply: zeros there, the regression figures in Regression.
        var none = new ModelMetrics(0, 0, 0, 0, 0, 0, 0, 0);
        var v = await registry.RegisterAsync(name, model.ToBytes(), a => new ModelVersion(name, a.Version, ModelStage.Staging, time.GetUtcNow(), none,
            report.Configuration, model.Manifest.DataSha256, model.Manifest.FeatureNames, a.Uri, a.Sha256, Enabled: true)
        {
            Regression = new RegressionMetrics(report.Rmse, report.RmseCapped, report.Mae, report.Phm08Score, report.IntervalCoverage),
            Notes = "NASA C-MAPSS FD001: trained on train_FD001, scored on test_FD001 against RUL_FD001 (docs/models/cmapss-rul.md).",
        }, cancellationToken);
        return await registry.PromoteAsync(name, v.Version, cancellationToken);
    }
}
