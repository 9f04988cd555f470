using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Ml.Data;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>The training data of retraining: the verified AI4I file (later: plus labelled plant data).</summary>
public sealed class MlDataSource(IOptions<MlOptions> options)
{
    public Ai4iDataset Load() =>
        Ai4iCsvLoader.Load(string.IsNullOrWhiteSpace(options.Value.DatasetPath) ? Ai4iCsvLoader.DefaultPath : options.Value.DatasetPath);
}
