using System.Text.Json;
using SmartMaintenance.Contracts;
using SmartMaintenance.EdgeBroker.Outbox;

namespace SmartMaintenance.EdgeBroker.Forwarding;

/// <summary>Outbox records are serialized IngestBatchItem objects: decoded in full only when needed.</summary>
internal static class OutboxRecords
{
    public static IngestBatchItem? Decode(OutboxEntry entry)
    {
        try
        {
            return JsonSerializer.Deserialize(entry.Payload, ContractsJsonContext.Default.IngestBatchItem);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The lane of the record's device: FNV-1a of the device id's UTF-8 bytes, read with Utf8JsonReader without
    /// decoding the record (the id comes second, after the site). A record without one goes to lane 0.
    /// </summary>
    public static int Lane(OutboxEntry entry, int lanes)
    {
        if (lanes == 1)
        {
            return 0;
        }

        try
        {
            var reader = new Utf8JsonReader(entry.Payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return 0;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isDevice = reader.ValueTextEquals("device_id"u8);
                reader.Read();
                if (isDevice)
                {
                    return reader.TokenType == JsonTokenType.String ? (int)(Fnv1a(reader.ValueSpan) % (uint)lanes) : 0;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Decoded again (and dead-lettered if unreadable) when its batch is settled.
        }

        return 0;
    }

    /// <summary>
    /// The record's message kind as an index of BrokerMetrics.OutKinds (-1 if unreadable), read with Utf8JsonReader
    /// from the nested "message" object without decoding the record.
    /// </summary>
    public static int KindIndex(OutboxEntry entry)
    {
        try
        {
            var reader = new Utf8JsonReader(entry.Payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return -1;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMessage = reader.ValueTextEquals("message"u8);
                reader.Read();
                if (!isMessage)
                {
                    reader.Skip();
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return -1;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isKind = reader.ValueTextEquals(Contracts.Wire.WireFields.Kind);
                    reader.Read();
                    if (isKind)
                    {
                        return reader.TokenType == JsonTokenType.String ? MatchKind(ref reader) : -1;
                    }

                    reader.Skip();
                }

                return -1;
            }
        }
        catch (JsonException)
        {
            // Counted in the total, not by kind.
        }

        return -1;
    }

    /// <summary>Compares in place (no string per record).</summary>
    private static int MatchKind(ref Utf8JsonReader reader)
    {
        var kinds = Observability.BrokerMetrics.OutKinds;
        for (var i = 0; i < kinds.Length; i++)
        {
            if (reader.ValueTextEquals(kinds[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static uint Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
