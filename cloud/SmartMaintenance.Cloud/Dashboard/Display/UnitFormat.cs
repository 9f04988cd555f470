using System.Globalization;

namespace SmartMaintenance.Cloud.Dashboard.Display;

/// <summary>
/// One rule for how many decimals a value shows, by its unit, used by every page and (through data attributes,
/// see <see cref="DecimalsJson"/>) by the live script, so a temperature never reads 51,07 in one row and 41,163 in
/// the next. Units not listed show 2 decimals.
/// </summary>
public static class UnitFormat
{
    private static readonly Dictionary<string, int> Decimals = new(StringComparer.Ordinal)
    {
        ["K"] = 1, ["°C"] = 1, ["C"] = 1, ["degC"] = 1, ["°F"] = 1, ["F"] = 1,
        ["rpm"] = 0, ["Hz"] = 1, ["rad/s"] = 1,
        ["Nm"] = 1, ["N·m"] = 1, ["N.m"] = 1,
        ["A"] = 2, ["mA"] = 0, ["V"] = 1, ["mV"] = 0, ["kV"] = 2,
        ["mm/s"] = 2, ["m/s2"] = 2, ["m/s²"] = 2, ["g"] = 3, ["um"] = 1, ["µm"] = 1,
        ["min"] = 0, ["%"] = 1, ["%RH"] = 1, ["W"] = 0, ["kW"] = 2,
        ["Pa"] = 0, ["kPa"] = 1, ["MPa"] = 3, ["bar"] = 2, ["mbar"] = 0, ["psi"] = 1,
        ["dB"] = 1, ["dBA"] = 1, ["l/min"] = 1, ["L/min"] = 1, ["m3/h"] = 2, ["m³/h"] = 2,
    };

    public const int DefaultDecimals = 2;

    public static int DecimalsOf(string? unit) => unit is not null && Decimals.TryGetValue(unit, out var d) ? d : DefaultDecimals;

    /// <summary>The value with its unit's decimals in the current culture (no unit text).</summary>
    public static string Number(double value, string? unit) =>
        value.ToString("N" + DecimalsOf(unit).ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture);

    /// <summary>The value and its unit, e.g. "312.4 K" / "312,4 K"; "1,500 rpm".</summary>
    public static string WithUnit(double value, string? unit) =>
        string.IsNullOrEmpty(unit) ? Number(value, unit) : Number(value, unit) + "\u00a0" + unit;

    /// <summary>The table as JSON for the page script (data-unit-decimals on the body).</summary>
    public static string DecimalsJson() => System.Text.Json.JsonSerializer.Serialize(Decimals);
}
