using System.Globalization;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Contracts;

/// <summary>
/// The plausibility rules every hop applies to a reading before it is kept (the broker's ingress, the cloud's batch,
/// single and CSV ingestion): value ranges per sensor type and unit, the timestamp window, the uptime a clock estimate
/// may use, and text that storage can hold. One table, so a reading the broker refuses over MQTT is refused over HTTP
/// too. Wide physical limits that catch broken sensors, wrong units and garbage, not process alarms (those are the
/// cloud's anomaly detection and the validation agent's narrower, configurable limits). Sources: the AI4I 2020 data
/// set's ranges (air/process temperature 295-315 K, speed 1168-2886 rpm, torque 3.8-76.6 Nm, tool wear 0-253 min)
/// widened generously; ISO 10816 vibration velocity severity tops out near 45 mm/s.
/// </summary>
public static class ReadingPlausibility
{
    /// <summary>
    /// The earliest timestamp a reading may carry: no device of this product ran before it, and a board whose clock is
    /// not set reports 1970 (Unix epoch) or 2000 (a common RTC reset value), which this refuses.
    /// </summary>
    public static readonly DateTimeOffset EarliestTimestamp = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far in the future a timestamp may lie (device clock skew).</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMilliseconds(WireLimits.MaxClockSkewMs);

    /// <summary>Longest free-text field (sensor type, unit) a reading may carry, in characters.</summary>
    public const int MaxSensorTypeLength = 64;

    /// <inheritdoc cref="MaxSensorTypeLength"/>
    public const int MaxUnitLength = 32;

    /// <summary>Longest correlation id, in characters.</summary>
    public const int MaxCorrelationIdLength = 128;

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

    /// <summary>The sensor types with a range.</summary>
    public static IEnumerable<string> SensorTypes => Ranges.Keys;

    /// <summary>Every unit with a range for some sensor type.</summary>
    public static IEnumerable<string> Units => Ranges.Values.SelectMany(u => u.Keys);

    /// <summary>True when the table has a range for this type in this unit.</summary>
    public static bool HasRange(string sensorType, string unit) =>
        Ranges.TryGetValue(sensorType, out var units) && units.ContainsKey(unit);

    /// <summary>True when the table knows the sensor type (in any unit).</summary>
    public static bool IsKnownType(string sensorType) => Ranges.ContainsKey(sensorType);

    /// <summary>
    /// Null when <paramref name="value"/> is finite and inside the range of the type and unit, or when the table has no
    /// range for them (callers that refuse unknown types check <see cref="HasRange"/>); else the reason.
    /// </summary>
    public static string? CheckRange(string sensorType, string unit, double value, string field)
    {
        if (!double.IsFinite(value))
        {
            return $"{field} must be a finite number";
        }

        if (!Ranges.TryGetValue(sensorType, out var units) || !units.TryGetValue(unit, out var range))
        {
            return null;
        }

        return value < range.Min || value > range.Max
            ? string.Create(CultureInfo.InvariantCulture,
                $"{field} {value:G6} is outside the plausible range [{range.Min}, {range.Max}] {unit} for {sensorType}")
            : null;
    }

    /// <summary>
    /// Null when the timestamp lies in [<see cref="EarliestTimestamp"/>, now + <paramref name="maxFutureSkew"/>] (default
    /// <see cref="MaxFutureSkew"/>), else the reason.
    /// </summary>
    public static string? CheckTimestamp(DateTimeOffset timestamp, DateTimeOffset now, string field = "timestamp", TimeSpan? maxFutureSkew = null)
    {
        var skew = maxFutureSkew ?? MaxFutureSkew;
        if (timestamp < EarliestTimestamp)
        {
            return $"{field} {timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)} is before {EarliestTimestamp.UtcDateTime:yyyy-MM-dd}: the device clock is not set";
        }

        return timestamp - now > skew
            ? $"{field} lies more than {skew.TotalMinutes:0} minutes in the future"
            : null;
    }

    /// <summary>As <see cref="CheckTimestamp"/> for Unix milliseconds, any long (never throws, unlike DateTimeOffset.FromUnixTimeMilliseconds).</summary>
    public static string? CheckTimestampMs(long unixMs, DateTimeOffset now, string field = "timestamp")
    {
        if (unixMs < EarliestTimestamp.ToUnixTimeMilliseconds())
        {
            return string.Create(CultureInfo.InvariantCulture, $"{field} {unixMs} ms is before {EarliestTimestamp.UtcDateTime:yyyy-MM-dd}: the device clock is not set");
        }

        return unixMs - now.ToUnixTimeMilliseconds() > (long)MaxFutureSkew.TotalMilliseconds
            ? $"{field} lies more than {MaxFutureSkew.TotalMinutes:0} minutes in the future"
            : null;
    }

    /// <summary>
    /// Null when a device that reports <paramref name="uptimeMs"/> at <paramref name="at"/> booted inside the timestamp
    /// window (so boot = at - uptime is representable and plausible), else the reason.
    /// </summary>
    public static string? CheckUptime(long uptimeMs, DateTimeOffset at)
    {
        if (uptimeMs < 0)
        {
            return "uptime must not be negative";
        }

        var sinceEarliest = at.ToUnixTimeMilliseconds() - EarliestTimestamp.ToUnixTimeMilliseconds();
        return uptimeMs > sinceEarliest
            ? string.Create(CultureInfo.InvariantCulture, $"uptime {uptimeMs} ms would put the device's boot before {EarliestTimestamp.UtcDateTime:yyyy-MM-dd}")
            : null;
    }

    /// <summary>
    /// Null when <paramref name="text"/> fits <paramref name="maxLength"/> and holds no control character and no lone
    /// surrogate (PostgreSQL text cannot hold NUL and UTF-8 cannot encode a lone surrogate), else the reason.
    /// </summary>
    public static string? CheckText(string text, int maxLength, string field)
    {
        if (text.Length > maxLength)
        {
            return $"{field} must be at most {maxLength} characters";
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c))
            {
                return $"{field} must not contain control characters";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"{field} must not contain an unpaired UTF-16 surrogate";
            }
        }

        return null;
    }
}
