using SmartMaintenance.Cloud.Ml.Artifacts;
using SmartMaintenance.Cloud.Ml.Retraining;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>
/// Cloud:Ml. Safe defaults for a first run: folder artifact store and JSON registry under RegistryPath, the
/// AI4I file shipped with the program, and a fast baseline trained in the background when the registry is empty.
/// The S3 settings are checked only when ArtifactStore is "s3" (they are unused otherwise).
/// </summary>
public sealed class MlOptions
{
    public const string Section = "Cloud:Ml";

    /// <summary>Folder of registry.json and (folder store) the artifacts. Empty = an "ml" folder beside the SQLite file.</summary>
    public string RegistryPath { get; set; } = "";

    /// <summary>"folder" (default) or "s3".</summary>
    public string ArtifactStore { get; set; } = "folder";

    public S3ArtifactStoreOptions S3 { get; set; } = new();

    /// <summary>Empty = data/ai4i2020/ai4i2020.csv in the program folder.</summary>
    public string DatasetPath { get; set; } = "";

    public string ModelName { get; set; } = "ai4i-failure";

    /// <summary>Train and promote a fast baseline on first start when the registry has no production model.</summary>
    public bool TrainBaselineOnStart { get; set; } = true;

    public RetrainingOptions Retraining { get; set; } = new();

    /// <summary>Registry name of the remaining-useful-life model (NASA C-MAPSS FD001, docs/models/cmapss-rul.md).</summary>
    public string RulModelName { get; set; } = "cmapss-rul";

    /// <summary>
    /// Train and promote the RUL model in the background on first start when it has no production version. Unset =
    /// as TrainBaselineOnStart, so hosts that turn first-start training off (tests, benches) do not train it either.
    /// </summary>
    public bool? TrainRulOnStart { get; set; }

    /// <summary>Folder of train_FD001.txt, test_FD001.txt, RUL_FD001.txt. Empty = data/cmapss in the program folder.</summary>
    public string CmapssPath { get; set; } = "";

    public IEnumerable<string> Validate()
    {
        if (ArtifactStore is not ("folder" or "s3"))
            yield return $"Cloud:Ml:ArtifactStore must be 'folder' or 's3', not '{ArtifactStore}'.";
        if (ArtifactStore == "s3")
        {
            foreach (var error in S3.Validate("Cloud:Ml:S3"))
                yield return error;
        }

        if (string.IsNullOrWhiteSpace(ModelName))
            yield return "Cloud:Ml:ModelName must not be empty.";
        if (string.IsNullOrWhiteSpace(RulModelName) || RulModelName == ModelName)
            yield return "Cloud:Ml:RulModelName must not be empty nor the failure model's name.";
        if (!RetrainingOptions.IsKnownMetric(Retraining.Metric))
            yield return $"Cloud:Ml:Retraining:Metric must be f1, prAuc or rocAuc, not '{Retraining.Metric}'.";
        if (!double.IsFinite(Retraining.Margin) || Retraining.Margin < -1 || Retraining.Margin > 1)
            yield return "Cloud:Ml:Retraining:Margin must be a number between -1 and 1.";
        if (Retraining.PlantInterval < TimeSpan.Zero || (Retraining.PlantInterval > TimeSpan.Zero && Retraining.PlantInterval < TimeSpan.FromSeconds(1)))
            yield return $"Cloud:Ml:Retraining:PlantInterval must be 0 (no schedule) or at least 1 second, not {Retraining.PlantInterval}.";
        if (!RetrainJobs.IsKnownProfile(Retraining.DriftProfile))
            yield return $"Cloud:Ml:Retraining:DriftProfile must be fast, full or plant, not '{Retraining.DriftProfile}'.";
    }
}
