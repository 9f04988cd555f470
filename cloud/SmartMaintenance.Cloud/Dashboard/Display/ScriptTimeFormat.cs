using System.Globalization;
using System.Text.Json;

namespace SmartMaintenance.Cloud.Dashboard.Display;

/// <summary>
/// How the live script writes a time, so a row it adds reads exactly like the rows the server writes with
/// <see cref="PlantTime.Format(DateTimeOffset, string)"/> and "G": the culture's own "G" pattern (short date, a space,
/// long time, as .NET composes it), its date and time separators and its AM/PM designators, as JSON for the body's
/// data-time-format. The script fills the pattern with the instant's fields in the plant's zone (site.js, formatTime).
/// </summary>
public static class ScriptTimeFormat
{
    public static string Json(CultureInfo culture)
    {
        var f = culture.DateTimeFormat;
        return JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["pattern"] = f.ShortDatePattern + " " + f.LongTimePattern,
            ["date"] = f.DateSeparator,
            ["time"] = f.TimeSeparator,
            ["am"] = f.AMDesignator,
            ["pm"] = f.PMDesignator,
        });
    }
}
