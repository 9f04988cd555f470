namespace SmartMaintenance.Cloud.Agents.Prediction;

/// <summary>Cloud:Agents:Prediction — failure thresholds per sensor type and the periodic prediction.</summary>
public sealed class PredictionOptions
{
    public const string Section = "Cloud:Agents:Prediction";

    /// <summary>The value at which a sensor type means "failed"; the Holt forecast predicts when it is reached.</summary>
    public Dictionary<string, double> FailureThresholds { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["temperature"] = 110,
        ["vibration"] = 25,
        ["current"] = 25,
        ["pressure"] = 80,
    };

    /// <summary>Each machine is also predicted this often while it sends readings (0 = only on anomalies).</summary>
    public TimeSpan PeriodicInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Readings of a sensor before a periodic prediction is made.</summary>
    public int MinHistory { get; set; } = 10;

    /// <summary>Holt smoothing (level, trend), per Holt (1957); small beta keeps the trend from chasing noise.</summary>
    public double Alpha { get; set; } = 0.3;

    public double Beta { get; set; } = 0.1;

    public IEnumerable<string> Validate()
    {
        if (PeriodicInterval < TimeSpan.Zero) yield return "Cloud:Agents:Prediction:PeriodicInterval must not be negative.";
        if (MinHistory < 2) yield return "Cloud:Agents:Prediction:MinHistory must be at least 2.";
        if (!(Alpha is > 0 and <= 1) || !(Beta is > 0 and <= 1)) yield return "Cloud:Agents:Prediction: Alpha and Beta must be in (0, 1].";
    }
}
