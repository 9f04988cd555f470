using System.Globalization;
using Microsoft.Extensions.Options;

namespace SmartMaintenance.Cloud.Dashboard.Display;

/// <summary>
/// Times as the plant reads them: converted to Cloud:Dashboard:TimeZone and formatted in the request's culture,
/// each followed by the zone's short name ("UTC", "UTC-03:00") so a time is never ambiguous.
/// </summary>
public sealed class PlantTime
{
    private readonly TimeZoneInfo _zone;

    public PlantTime(IOptions<DashboardOptions> options)
    {
        _zone = TryFind(options.Value.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    /// <summary>The zone's id as configured (shown once per page, e.g. "Times in America/Sao_Paulo").</summary>
    public string ZoneId => _zone.Id;

    public static bool TryFind(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id) || id is "UTC" or "Etc/UTC")
        {
            return !string.IsNullOrWhiteSpace(id);
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone!);
    }

    public DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone).DateTime;

    /// <summary>The offset's short name at that moment: "UTC" or "UTC-03:00".</summary>
    public string ZoneLabel(DateTimeOffset at)
    {
        var offset = _zone.GetUtcOffset(at);
        return offset == TimeSpan.Zero ? "UTC" : "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>Short date and time ("g"), or the given format, then the zone.</summary>
    public string Format(DateTimeOffset at, string format = "g") =>
        Local(at).ToString(format, CultureInfo.CurrentCulture) + " " + ZoneLabel(at);

    public string Format(DateTimeOffset? at, string format = "g") => at is { } t ? Format(t, format) : "";

    /// <summary>For the live script: the zone id Intl understands ("UTC" for UTC).</summary>
    public string ScriptZone => _zone == TimeZoneInfo.Utc ? "UTC" : _zone.Id;
}
