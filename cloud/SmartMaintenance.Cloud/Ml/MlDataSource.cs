using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Ml.Data;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>
/// The "current data" of every training in the cloud (first-start baseline, drift and API retraining): the
/// verified AI4I 2020 file and nothing else. Readings that arrive carry no failure label, so none of them is
/// training data; a retraining can pick a better configuration, not learn the plant (Cloud.Ml README, Retraining).
/// </summary>
public sealed class MlDataSource(IOptions<MlOptions> options)
{
    public Ai4iDataset Load() =>
        Ai4iCsvLoader.Load(string.IsNullOrWhiteSpace(options.Value.DatasetPath) ? Ai4iCsvLoader.DefaultPath : options.Value.DatasetPath);
}
