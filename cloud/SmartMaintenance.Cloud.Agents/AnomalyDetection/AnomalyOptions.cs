using SmartMaintenance.Cloud.Detection.Combined;
using SmartMaintenance.Cloud.Detection.Statistical;

namespace SmartMaintenance.Cloud.Agents.AnomalyDetection;

/// <summary>Cloud:Agents:Anomaly — settings of the per-sensor combined detector (algorithms: SmartMaintenance.Cloud.Detection).</summary>
public sealed class AnomalyOptions
{
    public const string Section = "Cloud:Agents:Anomaly";

    /// <summary>Samples a sensor needs before its detectors judge (robust z-score and EWMA warm-up).</summary>
    public int WarmupSamples { get; set; } = 30;

    /// <summary>Adds the isolation-forest window detector once it has trained (256 windows by default).</summary>
    public bool UseForest { get; set; } = true;

    /// <summary>Lowest severity that raises AnomalyDetected.</summary>
    public string MinSeverity { get; set; } = "Medium";

    /// <summary>
    /// Sensor types that are counters, not signals: tool wear climbs by design and drops to 0 at every tool change,
    /// which a detector would flag as its strongest anomaly. They still feed the failure model (prediction agent).
    /// </summary>
    public HashSet<string> CounterSensorTypes { get; set; } = new(StringComparer.OrdinalIgnoreCase) { "tool_wear" };

    /// <summary>Similar past cases attached to each anomaly.</summary>
    public int SimilarCases { get; set; } = 3;

    public CombinedOptions ToDetectorOptions() => new()
    {
        Level = new RobustZScoreOptions { MinSamples = WarmupSamples, WindowSize = Math.Max(512, WarmupSamples) },
        Step = new RobustZScoreOptions { MinSamples = WarmupSamples, WindowSize = Math.Max(512, WarmupSamples), OnDifferences = true },
        Ewma = new EwmaOptions { WarmupSamples = WarmupSamples },
        UseForest = UseForest,
    };

    public IEnumerable<string> Validate()
    {
        if (!Enum.TryParse<Severity>(MinSeverity, ignoreCase: true, out var s) || s == Severity.None)
        {
            yield return "Cloud:Agents:Anomaly:MinSeverity must be Low, Medium, High or Critical.";
        }

        if (SimilarCases < 0) yield return "Cloud:Agents:Anomaly:SimilarCases must not be negative.";
        foreach (var e in ToDetectorOptions().Validate())
        {
            yield return "Cloud:Agents:Anomaly: " + e;
        }
    }
}
