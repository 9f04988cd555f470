using System.Globalization;
using Microsoft.Extensions.Options;

namespace SmartMaintenance.Cloud.Dashboard.Display;

/// <summary>
/// Times as the plant reads them: converted to Cloud:Dashboard:TimeZone and formatted in the request's culture,
/// each followed by the zone's short name ("UTC", "UTC-03:00") so a time is never ambiguous. The zone starts as
/// configured and an admin may change it on the System page (stored in plant_settings, see
/// <see cref="Settings.PlantSettingsLoader"/>); a singleton, so every page and request sees the change at once.
/// </summary>
public sealed class PlantTime
{
    private volatile TimeZoneInfo _zone;

    public PlantTime(IOptions<DashboardOptions> options)
    {
        _zone = TryFind(options.Value.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
        ConfiguredZoneId = _zone.Id;
    }

    /// <summary>The zone's id (shown once per page, e.g. "Times in America/Sao_Paulo").</summary>
    public string ZoneId => _zone.Id;

    /// <summary>The zone Cloud:Dashboard:TimeZone names (what a stored choice overrides).</summary>
    public string ConfiguredZoneId { get; }

    /// <summary>Switches every page to another zone; false (and nothing changed) when the id is not a known zone.</summary>
    public bool Use(string? id)
    {
        if (!TryFind(id, out var zone))
        {
            return false;
        }

        _zone = zone;
        return true;
    }

    /// <summary>A time the user typed in a datetime-local field (plant time) as the UTC instant it means.</summary>
    public DateTimeOffset ToUtc(DateTime local)
    {
        var zone = _zone;
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A time skipped by a daylight-saving jump does not exist; the hour before it is the nearest reading of it.
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(-1);
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }

    /// <summary>An instant as the value of a datetime-local field in plant time ("2026-12-05T15:04").</summary>
    public string InputValue(DateTimeOffset at) => Local(at).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    public static bool TryFind(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id) || id is "UTC" or "Etc/UTC")
        {
            return !string.IsNullOrWhiteSpace(id);
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone!);
    }

    /// <summary>Every zone this machine knows, as IANA ids, for the admin's picker.</summary>
    public static IReadOnlyList<string> KnownZoneIds() =>
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Prepend("UTC").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

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
    public string ScriptZone => _zone.Id is "UTC" or "Etc/UTC" ? "UTC" : _zone.Id;
}
