using System.Globalization;
using Microsoft.Extensions.Localization;

namespace SmartMaintenance.Cloud.Dashboard.Localization;

/// <summary>
/// Values agents wrote in invariant form (numbers with a dot, times in ISO 8601, enum names), shown in the
/// request's culture. A value that does not parse is shown as written: nothing is hidden.
/// </summary>
internal static class LocalValues
{
    public static string Number(string invariant, string format) =>
        double.TryParse(invariant, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value.ToString(format, CultureInfo.CurrentCulture)
            : invariant;

    /// <summary>
    /// A rate or level of any size, readable: three significant digits below 1000 (0.00125, 1.25, 125), whole numbers
    /// with group separators above (3,800 rather than the "G" format's 3.8E+03).
    /// </summary>
    public static string Magnitude(string invariant) =>
        double.TryParse(invariant, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value.ToString(Math.Abs(value) >= 1000 ? "N0" : "G3", CultureInfo.CurrentCulture)
            : invariant;

    /// <summary>
    /// A time as the pages show times: in the plant's zone when a clock is given (else UTC), in the culture's short
    /// date and time, with the zone named.
    /// </summary>
    public static string UtcTime(string roundTrip, Display.PlantTime? clock = null) =>
        DateTimeOffset.TryParse(roundTrip, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? clock?.Format(at) ?? at.UtcDateTime.ToString("g", CultureInfo.CurrentCulture) + " UTC"
            : roundTrip;

    /// <summary>The time of day alone (the end of a slot that starts the same day), in the culture's short time, zone named.</summary>
    public static string UtcClock(string roundTrip, Display.PlantTime? clock = null) =>
        DateTimeOffset.TryParse(roundTrip, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? clock?.Format(at, "t") ?? at.UtcDateTime.ToString("t", CultureInfo.CurrentCulture) + " UTC"
            : roundTrip;

    /// <summary>A name from a fixed set (a severity, a status) through its resource ("prefix" + name), or as written.</summary>
    public static string Named(string prefix, string name, IStringLocalizer text) =>
        name.Length > 0 && text[prefix + name] is { ResourceNotFound: false } label ? label.Value : name;
}
