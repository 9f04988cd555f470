using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Cloud.Ingestion;

/// <summary>
/// Validation of incoming readings. Collects every problem (field -> messages) rather than stopping at the
/// first, so a client learns all it must fix in one answer.
/// </summary>
public static class ReadingRules
{
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

        if (r.Value is null)
        {
            errors["value"] = ["value is required."];
        }
        else if (!double.IsFinite(r.Value.Value))
        {
            errors["value"] = ["value must be a finite number."];
        }

        if (string.IsNullOrWhiteSpace(r.SensorType))
        {
            errors["sensor_type"] = ["sensor_type is required."];
        }
        else if (r.SensorType.Length > 64)
        {
            errors["sensor_type"] = ["sensor_type must be at most 64 characters."];
        }

        if (string.IsNullOrWhiteSpace(r.Unit))
        {
            errors["unit"] = ["unit is required."];
        }
        else if (r.Unit.Length > 32)
        {
            errors["unit"] = ["unit must be at most 32 characters."];
        }
        else if (!string.IsNullOrWhiteSpace(r.SensorType) && catalog.CheckUnit(r.SensorType, r.Unit) is { } unitError)
        {
            errors["unit"] = [unitError];
        }

        if (r.Timestamp is { } ts && ts > now.AddMilliseconds(WireLimits.MaxClockSkewMs))
        {
            errors["timestamp"] = [$"timestamp lies more than {WireLimits.MaxClockSkewMs / 60000} minutes in the future."];
        }

        if (r.CorrelationId is { Length: > 128 })
        {
            errors["correlation_id"] = ["correlation_id must be at most 128 characters."];
        }

        return errors;
    }

    /// <summary>Checks one batch item; returns the reason it is refused, or null when it is valid.</summary>
    public static string? Validate(IngestBatchItem item, DateTimeOffset now, SensorCatalog? catalog = null)
    {
        catalog ??= SensorCatalog.Default;
        var m = item.Message;
        if (m.SchemaVersion != WireSchema.Version)
        {
            return $"unsupported schema version {m.SchemaVersion}";
        }

        if (!TopicScheme.IsValidId(item.DeviceId))
        {
            return "device_id is missing or invalid";
        }

        if (m.DeviceId != item.DeviceId)
        {
            return "message device id differs from the item's device_id";
        }

        if (!TopicScheme.IsValidId(m.SensorId))
        {
            return "sensor id is missing or invalid";
        }

        if (string.IsNullOrWhiteSpace(m.SensorType) || string.IsNullOrWhiteSpace(m.Unit))
        {
            return "sensor type and unit are required";
        }

        if (catalog.CheckUnit(m.SensorType, m.Unit) is { } unitError)
        {
            return unitError;
        }

        if (!MessageKinds.IsKnown(m.Kind))
        {
            return $"unknown message kind '{m.Kind}'";
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

        if (m.Timestamp is { } ts && ts > now.AddMilliseconds(WireLimits.MaxClockSkewMs))
        {
            return "timestamp lies in the future";
        }

        return null;
    }

    private static bool IsFiniteOrAbsent(double? value) => value is not { } v || double.IsFinite(v);
}
