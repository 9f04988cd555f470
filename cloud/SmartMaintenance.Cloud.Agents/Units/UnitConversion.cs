namespace SmartMaintenance.Cloud.Agents.Units;

/// <summary>
/// Linear conversions between units of one physical quantity (value_in_base = value * Scale + Offset), so a
/// range written in °C also checks a reading in K or °F. Units of different quantities (vibration velocity in
/// mm/s vs acceleration in m/s²) never convert into each other: those need limits of their own.
/// </summary>
public static class UnitConversion
{
    private static readonly Dictionary<string, (string Quantity, double Scale, double Offset)> Units = new(StringComparer.Ordinal)
    {
        // Temperature, base °C.
        ["°C"] = ("temperature", 1, 0),
        ["C"] = ("temperature", 1, 0),
        ["degC"] = ("temperature", 1, 0),
        ["celsius"] = ("temperature", 1, 0),
        ["K"] = ("temperature", 1, -273.15),
        ["kelvin"] = ("temperature", 1, -273.15),
        ["°F"] = ("temperature", 5.0 / 9, -32 * 5.0 / 9),
        ["F"] = ("temperature", 5.0 / 9, -32 * 5.0 / 9),
        ["degF"] = ("temperature", 5.0 / 9, -32 * 5.0 / 9),
        ["fahrenheit"] = ("temperature", 5.0 / 9, -32 * 5.0 / 9),
        // Rotational speed, base rpm.
        ["rpm"] = ("rotation", 1, 0),
        ["Hz"] = ("rotation", 60, 0),
        ["rad/s"] = ("rotation", 60 / (2 * Math.PI), 0),
        // Electric current, base A.
        ["A"] = ("current", 1, 0),
        ["mA"] = ("current", 0.001, 0),
        // Pressure, base kPa.
        ["Pa"] = ("pressure", 0.001, 0),
        ["kPa"] = ("pressure", 1, 0),
        ["MPa"] = ("pressure", 1000, 0),
        ["mbar"] = ("pressure", 0.1, 0),
        ["bar"] = ("pressure", 100, 0),
        ["psi"] = ("pressure", 6.894757, 0),
        // Acceleration, base m/s² (standard gravity 9.80665 m/s², ISO 80000-3).
        ["m/s2"] = ("acceleration", 1, 0),
        ["m/s²"] = ("acceleration", 1, 0),
        ["g"] = ("acceleration", 9.80665, 0),
        // Vibration velocity, base mm/s.
        ["mm/s"] = ("velocity", 1, 0),
        // Torque, base Nm.
        ["Nm"] = ("torque", 1, 0),
        ["N·m"] = ("torque", 1, 0),
        ["N.m"] = ("torque", 1, 0),
        // Time (tool wear), base min.
        ["min"] = ("time", 1, 0),
    };

    /// <summary>Converts <paramref name="value"/> from one unit to another of the same quantity; false when they differ or one is unknown.</summary>
    public static bool TryConvert(double value, string from, string to, out double converted)
    {
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            converted = value;
            return true;
        }

        if (Units.TryGetValue(from, out var f) && Units.TryGetValue(to, out var t) && f.Quantity == t.Quantity)
        {
            converted = (value * f.Scale + f.Offset - t.Offset) / t.Scale;
            return true;
        }

        converted = double.NaN;
        return false;
    }

    /// <summary>Factor turning a difference (a rate) in <paramref name="from"/> into one in <paramref name="to"/>; offsets cancel.</summary>
    public static bool TryScale(string from, string to, out double factor)
    {
        if (TryConvert(1, from, to, out var one) && TryConvert(0, from, to, out var zero))
        {
            factor = one - zero;
            return true;
        }

        factor = double.NaN;
        return false;
    }

    public static bool IsKnown(string unit) => Units.ContainsKey(unit);
}
