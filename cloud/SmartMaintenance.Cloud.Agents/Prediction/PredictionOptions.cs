using SmartMaintenance.Cloud.Agents.Units;

namespace SmartMaintenance.Cloud.Agents.Prediction;

/// <summary>A failure threshold and the unit it is written in.</summary>
public sealed class FailureThreshold
{
    public double Value { get; set; }
    public string Unit { get; set; } = "";
}

/// <summary>Cloud:Agents:Prediction — failure thresholds per sensor type and the periodic prediction.</summary>
public sealed class PredictionOptions
{
    public const string Section = "Cloud:Agents:Prediction";

    /// <summary>
    /// The value at which a sensor type means "failed", in the unit given; the Holt forecast predicts when it is
    /// reached. A reading in another unit of the same quantity is compared after conversion (the virtual
    /// device's temperatures in K against 110 °C); a unit of another quantity has no threshold.
    /// </summary>
    public Dictionary<string, FailureThreshold> FailureThresholds { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["temperature"] = new() { Value = 110, Unit = "°C" },
        ["vibration"] = new() { Value = 25, Unit = "mm/s" },
        ["current"] = new() { Value = 25, Unit = "A" },
        ["pressure"] = new() { Value = 80, Unit = "bar" },
    };

    /// <summary>
    /// Which sensor id feeds each input of the failure model (AI4I units: K, K, rpm, Nm, min). Keyed by sensor id,
    /// not type: the virtual device reports air and process temperature both as type "temperature".
    /// </summary>
    public Dictionary<string, string> ModelInputs { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(Prediction.ModelInputs.AirTemperatureK)] = "air-temp",
        [nameof(Prediction.ModelInputs.ProcessTemperatureK)] = "process-temp",
        [nameof(Prediction.ModelInputs.RotationalSpeedRpm)] = "speed",
        [nameof(Prediction.ModelInputs.TorqueNm)] = "torque",
        [nameof(Prediction.ModelInputs.ToolWearMin)] = "tool-wear",
    };

    /// <summary>The unit of each model input (AI4I 2020), in InputNames order; readings are converted to it.</summary>
    public static readonly string[] InputUnits = ["K", "K", "rpm", "Nm", "min"];

    /// <summary>The model inputs, in the order of ModelInputs' record.</summary>
    public static readonly string[] InputNames =
    [
        nameof(Prediction.ModelInputs.AirTemperatureK), nameof(Prediction.ModelInputs.ProcessTemperatureK),
        nameof(Prediction.ModelInputs.RotationalSpeedRpm), nameof(Prediction.ModelInputs.TorqueNm), nameof(Prediction.ModelInputs.ToolWearMin),
    ];

    /// <summary>
    /// The sensor id whose reading closes a flight cycle of a turbofan (C-MAPSS sensor 21, the last one a cycle
    /// reports): counting it counts the machine's cycles for the RUL estimate. Machines without it get no RUL.
    /// </summary>
    public string RulCycleSensor { get; set; } = "cmapss.s21";

    /// <summary>
    /// A RUL estimate every this many cycles of a turbofan (0 = none); each reads the machine's stored cycles (21
    /// indexed queries of at most 400 rows). 1: the latest estimate always includes the last cycle the agent saw.
    /// </summary>
    public int RulEveryCycles { get; set; } = 1;

    /// <summary>Each machine is also predicted this often while it sends readings (0 = only on anomalies).</summary>
    public TimeSpan PeriodicInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Readings of a sensor before a periodic prediction is made.</summary>
    public int MinHistory { get; set; } = 10;

    /// <summary>Readings per sensor in the least-squares window that must confirm a trend before its forecast counts.</summary>
    public int TrendWindow { get; set; } = 120;

    /// <summary>The window's slope must be at least this many standard errors toward the threshold (t statistic).</summary>
    public double MinTrendT { get; set; } = 4;

    /// <summary>A crossing further ahead than this multiple of the window's time span is not extrapolated.</summary>
    public double MaxHorizonFactor { get; set; } = 4;

    /// <summary>Holt smoothing (level, trend), per Holt (1957); small beta keeps the trend from chasing noise.</summary>
    public double Alpha { get; set; } = 0.3;

    public double Beta { get; set; } = 0.1;

    public IEnumerable<string> Validate()
    {
        if (PeriodicInterval < TimeSpan.Zero) yield return "Cloud:Agents:Prediction:PeriodicInterval must not be negative.";
        if (TrendWindow < 3) yield return "Cloud:Agents:Prediction:TrendWindow must be at least 3.";
        if (!(MinTrendT > 0)) yield return "Cloud:Agents:Prediction:MinTrendT must be positive.";
        if (!(MaxHorizonFactor > 0)) yield return "Cloud:Agents:Prediction:MaxHorizonFactor must be positive.";
        if (MinHistory < 2) yield return "Cloud:Agents:Prediction:MinHistory must be at least 2.";
        if (RulEveryCycles < 0) yield return "Cloud:Agents:Prediction:RulEveryCycles must not be negative.";
        foreach (var input in InputNames.Where(i => !ModelInputs.TryGetValue(i, out var id) || string.IsNullOrWhiteSpace(id)))
        {
            yield return $"Cloud:Agents:Prediction:ModelInputs:{input} must name a sensor id.";
        }

        foreach (var (type, t) in FailureThresholds)
        {
            if (!double.IsFinite(t.Value)) yield return $"Cloud:Agents:Prediction:FailureThresholds:{type}:Value must be finite.";
            if (!UnitConversion.IsKnown(t.Unit)) yield return $"Cloud:Agents:Prediction:FailureThresholds:{type}:Unit '{t.Unit}' is not a known unit.";
        }

        if (!(Alpha is > 0 and <= 1) || !(Beta is > 0 and <= 1)) yield return "Cloud:Agents:Prediction: Alpha and Beta must be in (0, 1].";
    }
}
