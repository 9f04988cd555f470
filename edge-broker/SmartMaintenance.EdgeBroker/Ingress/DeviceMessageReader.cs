using System.Buffers;
using System.Text.Json;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.EdgeBroker.Ingress;

/// <summary>
/// Parses a telemetry payload straight from MQTTnet's <see cref="ReadOnlySequence{T}"/> with
/// <see cref="Utf8JsonReader"/>: no intermediate string of the whole payload, property names compared as UTF-8.
/// </summary>
public static class DeviceMessageReader
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 2 };

    /// <summary>Returns null and the reason when the payload is not a well-formed device message.</summary>
    public static DeviceMessage? TryRead(ReadOnlySequence<byte> payload, out string? error)
    {
        try
        {
            return Read(payload, out error);
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

    private static DeviceMessage? Read(ReadOnlySequence<byte> payload, out string? error)
    {
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

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Compare the raw UTF-8 name against each field; only values we keep become strings.
            if (Is(ref reader, WireFields.SchemaVersion)) { version = ReadInt(ref reader); }
            else if (Is(ref reader, WireFields.DeviceId)) { device = ReadString(ref reader); }
            else if (Is(ref reader, WireFields.Sequence)) { sequence = ReadLong(ref reader); }
            else if (Is(ref reader, WireFields.Timestamp)) { ts = ReadLong(ref reader); }
            else if (Is(ref reader, WireFields.ClockValid)) { clockValid = ReadInt(ref reader); }
            else if (Is(ref reader, WireFields.Uptime)) { uptime = ReadLong(ref reader); }
            else if (Is(ref reader, WireFields.SensorId)) { sensor = ReadString(ref reader); }
            else if (Is(ref reader, WireFields.SensorType)) { type = ReadString(ref reader); }
            else if (Is(ref reader, WireFields.Unit)) { unit = ReadString(ref reader); }
            else if (Is(ref reader, WireFields.Kind)) { kind = ReadString(ref reader); }
            else if (Is(ref reader, WireFields.Value)) { value = ReadDouble(ref reader); }
            else if (Is(ref reader, WireFields.ZScore)) { z = ReadDouble(ref reader); }
            else if (Is(ref reader, WireFields.BaselineMean)) { bm = ReadDouble(ref reader); }
            else if (Is(ref reader, WireFields.BaselineStd)) { bs = ReadDouble(ref reader); }
            else if (Is(ref reader, WireFields.Stuck)) { stuck = ReadInt(ref reader); }
            else if (Is(ref reader, WireFields.Count)) { count = ReadLong(ref reader); }
            else if (Is(ref reader, WireFields.Std)) { std = ReadDouble(ref reader); }
            else if (Is(ref reader, WireFields.Min)) { min = ReadDouble(ref reader); }
            else if (Is(ref reader, WireFields.Max)) { max = ReadDouble(ref reader); }
            else
            {
                // Unknown fields are skipped: a newer device may add fields an older broker does not know.
                reader.Read();
                reader.Skip();
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
        if (emptySummary) { value = std = min = max = null; }
        else if (value is null) { error = $"'{WireFields.Value}' (value) is missing or not a number"; return null; }

        error = null;
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

    private static bool Is(ref Utf8JsonReader reader, string name) => reader.ValueTextEquals(name);

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new JsonException("expected a string");
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
