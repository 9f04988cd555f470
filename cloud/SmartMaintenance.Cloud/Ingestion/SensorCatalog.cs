using System.Collections.Frozen;

namespace SmartMaintenance.Cloud.Ingestion;

/// <summary>
/// Units accepted per sensor type. A reading of a listed type with an unlisted unit is refused (a "temperature" in
/// "rpm" is a wiring or mapping error, and storing it would poison every model downstream). Types not listed are
/// accepted with any unit; `Cloud:Ingestion:SensorUnits:{type}` adds types or units.
/// </summary>
public sealed class SensorCatalog
{
    private static readonly Dictionary<string, string[]> Defaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["temperature"] = ["K", "°C", "degC", "C", "celsius", "°F", "degF", "F", "fahrenheit", "kelvin"],
        ["rotational_speed"] = ["rpm", "rad/s", "Hz"],
        ["speed"] = ["rpm", "rad/s", "Hz", "m/s"],
        ["torque"] = ["Nm", "N·m", "N.m"],
        ["current"] = ["A", "mA"],
        ["voltage"] = ["V", "mV", "kV"],
        ["vibration"] = ["mm/s", "m/s2", "m/s²", "g", "um", "µm"],
        ["tool_wear"] = ["min"],
        ["pressure"] = ["Pa", "kPa", "MPa", "bar", "mbar", "psi"],
        ["humidity"] = ["%", "%RH"],
        ["power"] = ["W", "kW"],
        ["flow"] = ["l/min", "L/min", "m3/h", "m³/h"],
        ["sound"] = ["dB", "dBA"],
    };

    private readonly FrozenDictionary<string, FrozenSet<string>> _units;

    /// <summary>The built-in table without configured additions.</summary>
    public static SensorCatalog Default { get; } = new(new IngestionOptions());

    public SensorCatalog(IngestionOptions options)
    {
        var merged = Defaults.ToDictionary(kv => kv.Key, kv => new HashSet<string>(kv.Value, StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
        foreach (var (type, units) in options.SensorUnits)
        {
            if (!merged.TryGetValue(type, out var set))
            {
                merged[type] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.UnionWith(units);
        }

        _units = merged.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Null when the unit fits the type, else the message naming the accepted units.</summary>
    public string? CheckUnit(string sensorType, string unit) =>
        !_units.TryGetValue(sensorType, out var allowed) || allowed.Contains(unit)
            ? null
            : $"unit '{unit}' is not a unit of sensor type '{sensorType}' (accepted: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}).";
}
