namespace SmartMaintenance.Cloud.Agents.Validation;

/// <summary>Physical limits of one sensor type: plausible range and fastest plausible change.</summary>
public sealed class SensorLimits
{
    public double Min { get; set; }
    public double Max { get; set; }

    /// <summary>Largest |Δvalue| per second a real sensor of this type can show; faster means a wiring or encoding fault.</summary>
    public double MaxRatePerSecond { get; set; } = double.PositiveInfinity;
}

/// <summary>Cloud:Agents:Validation — the validation agent's rules.</summary>
public sealed class ValidationOptions
{
    public const string Section = "Cloud:Agents:Validation";

    /// <summary>Limits per sensor type (case-insensitive). Types not listed are checked for everything but range and rate.</summary>
    public Dictionary<string, SensorLimits> Limits { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        // Ranges of the sensors in hardware/ (NTC -40..125 °C with margin; MPU6050 ±16 g ≈ 157 m/s²; ACS712-30A).
        ["temperature"] = new() { Min = -40, Max = 200, MaxRatePerSecond = 50 },
        ["vibration"] = new() { Min = 0, Max = 160, MaxRatePerSecond = 1000 },
        ["current"] = new() { Min = -30, Max = 30, MaxRatePerSecond = 1000 },
        ["pressure"] = new() { Min = 0, Max = 100, MaxRatePerSecond = 50 },
        ["rpm"] = new() { Min = 0, Max = 20000, MaxRatePerSecond = 5000 },
    };

    /// <summary>This many identical consecutive values mark a stuck sensor.</summary>
    public int StuckCount { get; set; } = 20;

    /// <summary>A reading stamped further than this in the future is refused.</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A reading older than this (relative to now) is refused as stale.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>(sensor, timestamp) pairs remembered per sensor to spot duplicates.</summary>
    public int DuplicateMemory { get; set; } = 256;

    public IEnumerable<string> Validate()
    {
        if (StuckCount < 2) yield return "Cloud:Agents:Validation:StuckCount must be at least 2.";
        if (MaxFutureSkew < TimeSpan.Zero) yield return "Cloud:Agents:Validation:MaxFutureSkew must not be negative.";
        if (MaxAge <= TimeSpan.Zero) yield return "Cloud:Agents:Validation:MaxAge must be positive.";
        if (DuplicateMemory < 1) yield return "Cloud:Agents:Validation:DuplicateMemory must be positive.";
        foreach (var (type, l) in Limits)
        {
            if (!(l.Min < l.Max)) yield return $"Cloud:Agents:Validation:Limits:{type}: Min must be below Max.";
            if (!(l.MaxRatePerSecond > 0)) yield return $"Cloud:Agents:Validation:Limits:{type}: MaxRatePerSecond must be positive.";
        }
    }
}
