using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Cloud.Ingestion;

/// <summary>
/// Validation of incoming readings: the shared plausibility rules (<see cref="ReadingPlausibility"/>, the same table
/// and timestamp window the broker applies) plus the cloud's unit catalog. Every check is on the raw input before
/// any arithmetic, so no value a client sends can make a later step throw. The single form collects every problem
/// (field -> messages) so a client learns all it must fix in one answer; the batch form returns the first reason.
/// </summary>
public static class ReadingRules
{
    /// <summary>
    /// How far in the future a batch item's received_at (the broker's clock, not the device's) may lie: generous, so a
    /// broker whose clock runs a little fast does not lose its readings, yet bounded so arithmetic on it cannot overflow.
    /// </summary>
    public static readonly TimeSpan MaxReceivedAtSkew = TimeSpan.FromDays(1);

    public static Dictionary<string, string[]> Validate(ReadingIngestRequest r, DateTimeOffset now, SensorCatalog? catalog = null)
    {
        catalog ??= SensorCatalog.Default;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(r.SensorId))
        {
            errors["sensor_id"] = ["sensor_id is required."];
        }
        else if (!TopicScheme.IsValidId(r.SensorId))
        {
            errors["sensor_id"] = ["sensor_id must be 1-64 characters of letters, digits, '-', '_' or '.'."];
        }

        if (string.IsNullOrWhiteSpace(r.SensorType))
        {
            errors["sensor_type"] = ["sensor_type is required."];
        }
        else if (ReadingPlausibility.CheckText(r.SensorType, ReadingPlausibility.MaxSensorTypeLength, "sensor_type") is { } typeError)
        {
            errors["sensor_type"] = [typeError + "."];
        }

        if (string.IsNullOrWhiteSpace(r.Unit))
        {
            errors["unit"] = ["unit is required."];
        }
        else if (ReadingPlausibility.CheckText(r.Unit, ReadingPlausibility.MaxUnitLength, "unit") is { } unitText)
        {
            errors["unit"] = [unitText + "."];
        }
        else if (!errors.ContainsKey("sensor_type") && catalog.CheckUnit(r.SensorType!, r.Unit) is { } unitError)
        {
            errors["unit"] = [unitError];
        }

        if (r.Value is null)
        {
            errors["value"] = ["value is required."];
        }
        else if (!double.IsFinite(r.Value.Value))
        {
            errors["value"] = ["value must be a finite number."];
        }
        else if (!errors.ContainsKey("sensor_type") && !errors.ContainsKey("unit")
                 && ReadingPlausibility.CheckRange(r.SensorType!, r.Unit!, r.Value.Value, "value") is { } rangeError)
        {
            errors["value"] = [rangeError + "."];
        }

        if (r.Timestamp is { } ts && ReadingPlausibility.CheckTimestamp(ts, now) is { } timeError)
        {
            errors["timestamp"] = [timeError + "."];
        }

        if (r.CorrelationId is not null
            && ReadingPlausibility.CheckText(r.CorrelationId, ReadingPlausibility.MaxCorrelationIdLength, "correlation_id") is { } correlationError)
        {
            errors["correlation_id"] = [correlationError + "."];
        }

        return errors;
    }

    /// <summary>Checks one batch item; returns the reason it is refused, or null when it is valid.</summary>
    public static string? Validate(IngestBatchItem item, DateTimeOffset now, SensorCatalog? catalog = null)
    {
        catalog ??= SensorCatalog.Default;
        if (!TopicScheme.IsValidId(item.DeviceId))
        {
            return "device_id is missing or invalid";
        }

        if (item.Sequence < 0)
        {
            return "sequence must not be negative";
        }

        if (item.Message is not { } m)
        {
            return "message is missing";
        }

        if (m.SchemaVersion != WireSchema.Version)
        {
            return $"unsupported schema version {m.SchemaVersion}";
        }

        if (m.DeviceId != item.DeviceId)
        {
            return "message device id differs from the item's device_id";
        }

        if (ReadingPlausibility.CheckTimestamp(item.ReceivedAt, now, "received_at", MaxReceivedAtSkew) is { } receivedError)
        {
            return receivedError;
        }

        if (!TopicScheme.IsValidId(m.SensorId))
        {
            return "sensor id is missing or invalid";
        }

        if (string.IsNullOrWhiteSpace(m.SensorType) || string.IsNullOrWhiteSpace(m.Unit))
        {
            return "sensor type and unit are required";
        }

        if ((ReadingPlausibility.CheckText(m.SensorType, ReadingPlausibility.MaxSensorTypeLength, "sensor type")
             ?? ReadingPlausibility.CheckText(m.Unit, ReadingPlausibility.MaxUnitLength, "unit")) is { } textError)
        {
            return textError;
        }

        if (item.CorrelationId is not null
            && ReadingPlausibility.CheckText(item.CorrelationId, ReadingPlausibility.MaxCorrelationIdLength, "correlation_id") is { } correlationError)
        {
            return correlationError;
        }

        if (catalog.CheckUnit(m.SensorType, m.Unit) is { } unitError)
        {
            return unitError;
        }

        if (!MessageKinds.IsKnown(m.Kind))
        {
            return "unknown message kind";
        }

        if (m.Value is null)
        {
            // Only an empty summary (a sensor silent for the whole period) comes without a value.
            if (!m.IsEmptySummary)
            {
                return "value is required";
            }
        }
        else if (!double.IsFinite(m.Value.Value))
        {
            return "value must be finite";
        }

        // The device's statistics are stored beside the value, so they are held to the same rules (as the broker does).
        if (m.Count is < 0)
        {
            return "summary count must not be negative";
        }

        if (!IsFiniteOrAbsent(m.ZScore) || !IsFiniteOrAbsent(m.BaselineMean) || !IsFiniteOrAbsent(m.BaselineStd)
            || !IsFiniteOrAbsent(m.Std) || !IsFiniteOrAbsent(m.Min) || !IsFiniteOrAbsent(m.Max))
        {
            return "z, bm, bs, sd, min and max must be finite when present";
        }

        var range = (m.Value is { } v ? ReadingPlausibility.CheckRange(m.SensorType, m.Unit, v, "value") : null)
            ?? (m.Min is { } min ? ReadingPlausibility.CheckRange(m.SensorType, m.Unit, min, "min") : null)
            ?? (m.Max is { } max ? ReadingPlausibility.CheckRange(m.SensorType, m.Unit, max, "max") : null);
        if (range is not null)
        {
            return range;
        }

        // The raw milliseconds are checked before anything turns them into a DateTimeOffset (which throws outside years 1-9999).
        var deviceClock = m.ClockValid == 1 && m.TimestampMs is not null;
        if (deviceClock && ReadingPlausibility.CheckTimestampMs(m.TimestampMs!.Value, now) is { } timeError)
        {
            return timeError;
        }

        if (m.UptimeMs is { } uptime
            && ReadingPlausibility.CheckUptime(uptime, deviceClock ? m.Timestamp!.Value : item.ReceivedAt) is { } uptimeError)
        {
            return uptimeError;
        }

        return null;
    }

    private static bool IsFiniteOrAbsent(double? value) => value is not { } v || double.IsFinite(v);
}
