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
