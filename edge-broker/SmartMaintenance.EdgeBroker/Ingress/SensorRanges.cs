namespace SmartMaintenance.EdgeBroker.Ingress;

/// <summary>
/// Plausible value ranges per sensor type and unit: wide physical limits that catch broken sensors, wrong
/// units and garbage, not process alarms (those are the cloud's anomaly detection). Sources: the AI4I 2020 data
/// set's ranges (air/process temperature 295-315 K, speed 1168-2886 rpm, torque 3.8-76.6 Nm, tool wear 0-253 min)
/// widened generously; ISO 10816 vibration velocity severity tops out near 45 mm/s.
/// </summary>
public static class SensorRanges
{
    private static readonly Dictionary<string, Dictionary<string, (double Min, double Max)>> Ranges = new(StringComparer.Ordinal)
    {
        ["temperature"] = new(StringComparer.Ordinal) { ["K"] = (150, 1000), ["C"] = (-120, 720), ["°C"] = (-120, 720) },
        ["rotational_speed"] = new(StringComparer.Ordinal) { ["rpm"] = (0, 100_000) },
        ["torque"] = new(StringComparer.Ordinal) { ["Nm"] = (-10_000, 10_000) },
        ["vibration"] = new(StringComparer.Ordinal) { ["mm/s"] = (0, 1_000), ["g"] = (0, 500), ["m/s2"] = (0, 5_000) },
        ["current"] = new(StringComparer.Ordinal) { ["A"] = (-5_000, 5_000) },
        ["pressure"] = new(StringComparer.Ordinal) { ["kPa"] = (-101.325, 100_000), ["bar"] = (-1.01325, 1_000) },
        ["tool_wear"] = new(StringComparer.Ordinal) { ["min"] = (0, 1_000_000) },
    };

    /// <summary>The known sensor types.</summary>
    internal static IEnumerable<string> SensorTypes => Ranges.Keys;

    /// <summary>Every unit valid for some sensor type.</summary>
    internal static IEnumerable<string> Units => Ranges.Values.SelectMany(u => u.Keys);

    /// <summary>
    /// Null when <paramref name="value"/> is plausible for the type and unit, else the reason. A null value (an empty
    /// summary) checks the type and unit only.
    /// </summary>
    public static string? Check(string sensorType, string unit, double? value, string field)
    {
        if (!Ranges.TryGetValue(sensorType, out var units))
        {
            return $"unknown sensor type '{sensorType}'";
        }

        if (!units.TryGetValue(unit, out var range))
        {
            return $"unit '{unit}' is not valid for sensor type '{sensorType}'";
        }

        return value is { } v && (v < range.Min || v > range.Max)
            ? $"{field} {value} is outside the plausible range [{range.Min}, {range.Max}] {unit} for {sensorType}"
            : null;
    }
}
