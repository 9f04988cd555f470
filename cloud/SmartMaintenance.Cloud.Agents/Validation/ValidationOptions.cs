using SmartMaintenance.Cloud.Agents.Units;

namespace SmartMaintenance.Cloud.Agents.Validation;

/// <summary>Physical limits of one sensor type in one unit: plausible range and fastest plausible change.</summary>
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

    /// <summary>
    /// Limits per sensor type (case-insensitive), then per unit the limits are written in
    /// (`Cloud:Agents:Validation:Limits:temperature:°C:Max`). A reading in another unit of the same quantity is
    /// converted first (<see cref="UnitConversion"/>: K and °F against °C limits, g against m/s², bar against
    /// kPa). Types not listed, and units no entry of the type converts from (vibration displacement in µm), are
    /// checked for everything but range and rate.
    /// </summary>
    public Dictionary<string, Dictionary<string, SensorLimits>> Limits { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        // Ranges of the sensors in hardware/ and of the virtual machine, widened: NTC -40..125 °C with margin;
        // MPU6050 ±16 g ≈ 157 m/s²; ISO 10816 velocity severity tops out near 45 mm/s; ACS712-30A; AI4I 2020
        // speed 1168-2886 rpm and torque 3.8-76.6 Nm. Tool wear has no rate: a tool change resets it to 0.
        ["temperature"] = new(StringComparer.Ordinal) { ["°C"] = new() { Min = -40, Max = 200, MaxRatePerSecond = 50 } },
        ["vibration"] = new(StringComparer.Ordinal)
        {
            ["m/s2"] = new() { Min = 0, Max = 160, MaxRatePerSecond = 1000 },
            ["mm/s"] = new() { Min = 0, Max = 500, MaxRatePerSecond = 1000 },
        },
        ["current"] = new(StringComparer.Ordinal) { ["A"] = new() { Min = -30, Max = 30, MaxRatePerSecond = 1000 } },
        ["pressure"] = new(StringComparer.Ordinal) { ["kPa"] = new() { Min = 0, Max = 10_000, MaxRatePerSecond = 5_000 } },
        ["rotational_speed"] = new(StringComparer.Ordinal) { ["rpm"] = new() { Min = 0, Max = 20000, MaxRatePerSecond = 5000 } },
        ["torque"] = new(StringComparer.Ordinal) { ["Nm"] = new() { Min = -1000, Max = 1000, MaxRatePerSecond = 1000 } },
        ["tool_wear"] = new(StringComparer.Ordinal) { ["min"] = new() { Min = 0, Max = 100_000 } },
    };

    /// <summary>This many identical consecutive values mark a stuck sensor.</summary>
    public int StuckCount { get; set; } = 20;

    /// <summary>A reading stamped further than this in the future is refused.</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A reading older than this (relative to now) is refused as stale.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>(sensor, timestamp) pairs remembered per sensor to spot duplicates.</summary>
    public int DuplicateMemory { get; set; } = 256;

    /// <summary>
    /// How far back a sensor's memory is rebuilt from the stored readings when this process first handles it (after a
    /// start, or a takeover of its bus partition; docs/scale-out.md, "State on takeover"). Zero: no rebuild, the sensor
    /// starts with an empty memory. The default holds DuplicateMemory readings of a sensor sampled every 3 s or faster.
    /// </summary>
    public TimeSpan RebuildWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The most recent stored readings replayed per sensor in a rebuild (at least DuplicateMemory + StuckCount for the
    /// duplicate memory and the stuck run to be whole). Zero: no rebuild.
    /// </summary>
    public int RebuildMaxReadings { get; set; } = 1_000;

    public IEnumerable<string> Validate()
    {
        if (RebuildWindow < TimeSpan.Zero) yield return "Cloud:Agents:Validation:RebuildWindow must not be negative (zero turns the rebuild off).";
        if (RebuildMaxReadings < 0) yield return "Cloud:Agents:Validation:RebuildMaxReadings must not be negative.";
        if (StuckCount < 2) yield return "Cloud:Agents:Validation:StuckCount must be at least 2.";
        if (MaxFutureSkew < TimeSpan.Zero) yield return "Cloud:Agents:Validation:MaxFutureSkew must not be negative.";
        if (MaxAge <= TimeSpan.Zero) yield return "Cloud:Agents:Validation:MaxAge must be positive.";
        if (DuplicateMemory < 1) yield return "Cloud:Agents:Validation:DuplicateMemory must be positive.";
        foreach (var (type, units) in Limits)
        {
            foreach (var (unit, l) in units)
            {
                var at = $"Cloud:Agents:Validation:Limits:{type}:{unit}";
                if (!UnitConversion.IsKnown(unit)) yield return $"{at}: unknown unit '{unit}' (known: see UnitConversion).";
                if (!(l.Min < l.Max)) yield return $"{at}: Min must be below Max.";
                if (!(l.MaxRatePerSecond > 0)) yield return $"{at}: MaxRatePerSecond must be positive.";
            }
        }
    }
}
