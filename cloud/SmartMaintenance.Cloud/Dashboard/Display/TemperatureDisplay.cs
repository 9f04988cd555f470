namespace SmartMaintenance.Cloud.Dashboard.Display;

/// <summary>
/// The user's preferred temperature unit (cookie <see cref="CookieName"/>: "K" or "C"; Kelvin by default, the unit the
/// fleet sends). Only the display changes: stored readings, limits and exports keep the unit they were sent in.
/// </summary>
public static class TemperatureDisplay
{
    public const string CookieName = "sm_temp_unit";
    public const string Kelvin = "K";
    public const string Celsius = "°C";

    public static bool IsKelvin(string? unit) => unit is "K" or "kelvin";

    /// <summary>The preference from the request: "°C" when the cookie says C, else "K".</summary>
    public static string Preferred(Microsoft.AspNetCore.Http.HttpContext? context) =>
        context?.Request.Cookies[CookieName] == "C" ? Celsius : Kelvin;

    /// <summary>A value and unit as the user wants to see it: Kelvin becomes °C when preferred; others unchanged.</summary>
    public static (double Value, string Unit) Convert(double value, string unit, string preferred) =>
        IsKelvin(unit) && preferred == Celsius ? (value - 273.15, Celsius) : (value, unit);
}
