using System.Globalization;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Cloud.Dashboard.Localization;

/// <summary>
/// What a device said about a stored reading beyond its value, in the page's language: the message kind (a plain
/// sample, a deviation the on-device pre-filter flagged, a periodic summary) and the statistics that came with it
/// (a summary's count, standard deviation, minimum and maximum; a deviation's z-score and on-device baseline; the
/// device's word that the sensor is stuck).
/// </summary>
public static class ReadingDetailsText
{
    /// <summary>The kind's name ("DataExplorer.Kind." + wire kind), or the kind as stored when it is not a known one.</summary>
    public static string Kind(string kind, IStringLocalizer text) => LocalValues.Named("DataExplorer.Kind.", kind, text);

    /// <summary>
    /// The statistics of the reading, or "" when it carries none (plain readings, manual and CSV ingest). With the
    /// user's temperature unit (<paramref name="preferredTemperature"/>) a kelvin reading shown in °C has its levels
    /// converted like the value beside it, with °C's decimals; a spread (std) is a difference, the same in K and °C.
    /// </summary>
    public static string Statistics(StoredReading r, IStringLocalizer text, string? preferredTemperature = null)
    {
        // Only a reading whose unit the preference changes (kelvin shown in °C) is converted; others keep their figures.
        var converted = preferredTemperature is not null && Display.TemperatureDisplay.Convert(0, r.Unit, preferredTemperature).Unit != r.Unit;
        string Level(double? v) => !converted ? Number(v)
            : v is { } x ? Display.UnitFormat.Number(Display.TemperatureDisplay.Convert(x, r.Unit, preferredTemperature!).Value, Display.TemperatureDisplay.Celsius) : "–";
        string Spread(double? v) => !converted ? Number(v) : v is { } x ? Display.UnitFormat.Number(x, Display.TemperatureDisplay.Celsius) : "–";
        var parts = new List<string>(2);
        if (r.SummaryCount is { } n)
        {
            parts.Add(text["DataExplorer.SummaryStats", n.ToString("N0", CultureInfo.CurrentCulture),
                Spread(r.SummaryStd), Level(r.SummaryMin), Level(r.SummaryMax)]);
        }

        if (r.ZScore is { } z && r.Kind == MessageKinds.Anomaly)
        {
            parts.Add(r.BaselineMean is { } mean
                ? text["DataExplorer.DeviationStats", z.ToString("N2", CultureInfo.CurrentCulture), Level(mean), Spread(r.BaselineStd)]
                : text["DataExplorer.DeviationZ", z.ToString("N2", CultureInfo.CurrentCulture)]);
        }

        if (r.Stuck == true)
        {
            parts.Add(text["DataExplorer.StuckReported"]);
        }

        return string.Join(" · ", parts);
    }

    // Three decimals as the value column shows them; a missing statistic as a dash rather than a misleading 0.
    private static string Number(double? value) => value is { } v ? v.ToString("N3", CultureInfo.CurrentCulture) : "–";
}
