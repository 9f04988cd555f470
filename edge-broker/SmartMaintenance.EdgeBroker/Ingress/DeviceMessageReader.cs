using System.Buffers;
using System.Text.Json;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.EdgeBroker.Ingress;

/// <summary>
/// Parses a telemetry payload straight from MQTTnet's <see cref="ReadOnlySequence{T}"/> with
/// <see cref="Utf8JsonReader"/>: no intermediate string of the whole payload, property names compared as UTF-8
/// bytes (pre-encoded once, not transcoded per comparison), repeating string values taken from per-device tables
/// (<see cref="DeviceStrings"/>) instead of decoded per message.
/// </summary>
public static class DeviceMessageReader
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 2 };

    // Indexes into Names; each bit of the "seen" mask is one of them.
    private const int SchemaVersion = 0, DeviceId = 1, Sequence = 2, Timestamp = 3, ClockValid = 4, Uptime = 5, SensorId = 6,
        SensorType = 7, Unit = 8, Kind = 9, Value = 10, ZScore = 11, BaselineMean = 12, BaselineStd = 13, Count = 14, Std = 15,
        Min = 16, Max = 17, Stuck = 18, Unknown = -1;

    private static readonly byte[][] Names = [.. new[]
    {
        WireFields.SchemaVersion, WireFields.DeviceId, WireFields.Sequence, WireFields.Timestamp, WireFields.ClockValid,
        WireFields.Uptime, WireFields.SensorId, WireFields.SensorType, WireFields.Unit, WireFields.Kind, WireFields.Value,
        WireFields.ZScore, WireFields.BaselineMean, WireFields.BaselineStd, WireFields.Count, WireFields.Std, WireFields.Min,
        WireFields.Max, WireFields.Stuck,
    }.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary>Returns null and the reason when the payload is not a well-formed device message.</summary>
    public static DeviceMessage? TryRead(ReadOnlySequence<byte> payload, out string? error) => TryRead(payload, null, out _, out error);

    /// <summary>
    /// As <see cref="TryRead(ReadOnlySequence{byte}, out string?)"/>, with the device's string tables (null: none).
    /// <paramref name="verbatim"/> is true when the payload itself says exactly what the returned message says, to
    /// any JSON reader: every property is a known field, none twice, nothing follows the object, and no value was
    /// dropped (an empty summary's zeros). Only then may the payload be stored as it came (see TelemetryRecord);
    /// otherwise the returned message is what must be stored.
    /// </summary>
    internal static DeviceMessage? TryRead(ReadOnlySequence<byte> payload, DeviceStrings? strings, out bool verbatim, out string? error)
    {
        verbatim = false;
        try
        {
            return Read(payload, strings, out verbatim, out error);
        }
        catch (JsonException ex)
        {
            error = $"malformed JSON: {ex.Message}";
            return null;
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader.GetString on bytes that are not valid UTF-8 (a binary blob).
            error = $"malformed JSON: {ex.Message}";
            return null;
        }
    }

    private static DeviceMessage? Read(ReadOnlySequence<byte> payload, DeviceStrings? strings, out bool verbatim, out string? error)
    {
        verbatim = false;
        var reader = new Utf8JsonReader(payload, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "payload is not a JSON object";
            return null;
        }

        int version = -1;
        string? device = null, sensor = null, type = null, unit = null, kind = null;
        long sequence = -1;
        long? ts = null, uptime = null, count = null;
        int clockValid = 1;
        int? stuck = null;
        double? value = null, z = null, bm = null, bs = null, std = null, min = null, max = null;
        var seen = 0;
        var plain = true;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = FieldOf(ref reader);
            if (field == Unknown)
            {
                // Unknown fields are skipped: a newer device may add fields an older broker does not know. The
                // payload then says more than the message: not verbatim.
                plain = false;
                reader.Read();
                reader.Skip();
                continue;
            }

            // A repeated field: this reader keeps the last value, another reader might keep the first.
            plain &= (seen & (1 << field)) == 0;
            seen |= 1 << field;
            switch (field)
            {
                case SchemaVersion: version = ReadInt(ref reader); break;
                case DeviceId: device = ReadString(ref reader, strings?.Device); break;
                case Sequence: sequence = ReadLong(ref reader); break;
                case Timestamp: ts = ReadLong(ref reader); break;
                case ClockValid: clockValid = ReadInt(ref reader); break;
                case Uptime: uptime = ReadLong(ref reader); break;
                case SensorId: sensor = ReadString(ref reader, strings?.Sensors); break;
                case SensorType: type = ReadString(ref reader, strings is null ? null : DeviceStrings.KnownSensorTypes); break;
                case Unit: unit = ReadString(ref reader, strings is null ? null : DeviceStrings.KnownUnits); break;
                case Kind: kind = ReadString(ref reader, strings is null ? null : DeviceStrings.KnownKinds); break;
                case Value: value = ReadDouble(ref reader); break;
                case ZScore: z = ReadDouble(ref reader); break;
                case BaselineMean: bm = ReadDouble(ref reader); break;
                case BaselineStd: bs = ReadDouble(ref reader); break;
                case Count: count = ReadLong(ref reader); break;
                case Std: std = ReadDouble(ref reader); break;
                case Min: min = ReadDouble(ref reader); break;
                case Max: max = ReadDouble(ref reader); break;
                default: stuck = ReadInt(ref reader); break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            error = "payload is not a flat JSON object";
            return null;
        }

        if (version < 0) { error = $"'{WireFields.SchemaVersion}' (schema version) is missing"; return null; }
        if (device is null) { error = $"'{WireFields.DeviceId}' (device id) is missing"; return null; }
        if (sequence < 0) { error = $"'{WireFields.Sequence}' (sequence) is missing or negative"; return null; }
        if (sensor is null) { error = $"'{WireFields.SensorId}' (sensor id) is missing"; return null; }
        if (type is null) { error = $"'{WireFields.SensorType}' (sensor type) is missing"; return null; }
        if (unit is null) { error = $"'{WireFields.Unit}' (unit) is missing"; return null; }
        if (kind is null) { error = $"'{WireFields.Kind}' (kind) is missing"; return null; }
        if (stuck is not (null or 0 or 1)) { error = $"'{WireFields.Stuck}' (stuck) must be 0 or 1"; return null; }
        // An empty summary (n = 0) has no value by contract. Older firmware wrote 0s into val/sd/min/max there: drop
        // them, so they are neither range-checked (0 K is implausible) nor forwarded as a measurement.
        var emptySummary = kind == MessageKinds.Summary && count == 0;
        if (emptySummary)
        {
            plain &= value is null && std is null && min is null && max is null;
            value = std = min = max = null;
        }
        else if (value is null) { error = $"'{WireFields.Value}' (value) is missing or not a number"; return null; }

        error = null;
        verbatim = plain && NothingFollows(ref reader);
        return new DeviceMessage
        {
            SchemaVersion = version,
            DeviceId = device,
            Sequence = sequence,
            TimestampMs = ts,
            ClockValid = clockValid,
            UptimeMs = uptime,
            SensorId = sensor,
            SensorType = type,
            Unit = unit,
            Kind = kind,
            Value = value,
            ZScore = z,
            BaselineMean = bm,
            BaselineStd = bs,
            Stuck = stuck is { } flag ? flag == 1 : null,
            Count = count,
            Std = std,
            Min = min,
            Max = max,
        };
    }

    /// <summary>The index in <see cref="Names"/> of the current property name, <see cref="Unknown"/> for none.</summary>
    private static int FieldOf(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var name = reader.ValueSpan;
            for (var i = 0; i < Names.Length; i++)
            {
                if (name.SequenceEqual(Names[i]))
                {
                    return i;
                }
            }

            return Unknown;
        }

        // Escaped ("\u0076") or split across payload segments: let the reader unescape and compare.
        for (var i = 0; i < Names.Length; i++)
        {
            if (reader.ValueTextEquals(Names[i]))
            {
                return i;
            }
        }

        return Unknown;
    }

    /// <summary>The object was the whole payload (trailing whitespace aside): a reader of the whole payload sees only it.</summary>
    private static bool NothingFollows(ref Utf8JsonReader reader)
    {
        try
        {
            return !reader.Read();
        }
        catch (JsonException)
        {
            // Trailing bytes after the object. Ignored as before (the message is still read), but not verbatim.
            return false;
        }
    }

    /// <summary>A string value; taken from <paramref name="table"/> when its exact bytes are there, else decoded (and learned).</summary>
    private static string ReadString(ref Utf8JsonReader reader, Utf8Strings? table)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("expected a string");
        }

        if (table is null || reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return reader.GetString()!;
        }

        // Bytes equal to a table entry are that entry's valid UTF-8; anything else is decoded (and validated) here.
        var utf8 = reader.ValueSpan;
        if (table.Find(utf8) is { } known)
        {
            return known;
        }

        var decoded = reader.GetString()!;
        table.Add(utf8, decoded);
        return decoded;
    }

    private static long ReadLong(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var v) ? v : throw new JsonException("expected an integer");
    }

    private static int ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v) ? v : throw new JsonException("expected an integer");
    }

    private static double? ReadDouble(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Number => reader.GetDouble(),
            // The firmware writes null for NaN/infinity; the validator turns that into a clear refusal.
            JsonTokenType.Null => null,
            _ => throw new JsonException("expected a number"),
        };
    }
}
