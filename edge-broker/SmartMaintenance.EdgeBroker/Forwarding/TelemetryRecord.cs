using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.EdgeBroker.Forwarding;

/// <summary>
/// Writes the outbox record of one admitted reading: an <see cref="IngestBatchItem"/> as JSON, the same properties
/// in the same order as the source-generated serializer writes them (site, device_id, sequence, received_at,
/// correlation_id, message), which the forwarder splices into batch bodies and the cloud deserializes. The message
/// is the device's payload copied byte for byte when the reader found it verbatim (only known fields, each once,
/// nothing dropped, nothing after it), so it reads back as exactly the validated message; otherwise the parsed
/// message is serialized, as every record was before. One per device session: site and device id are encoded once;
/// the JSON writer and its buffer are reused per thread (a record is written synchronously on the receive loop).
/// </summary>
internal sealed class TelemetryRecord(string site, string deviceId)
{
    [ThreadStatic]
    private static Scratch? t_scratch;

    private readonly JsonEncodedText _site = JsonEncodedText.Encode(site);
    private readonly JsonEncodedText _deviceId = JsonEncodedText.Encode(deviceId);
    private readonly byte[] _deviceUtf8 = Encoding.UTF8.GetBytes(deviceId);

    public byte[] Write(DeviceMessage reading, ReadOnlySequence<byte> payload, bool verbatim, DateTimeOffset receivedAt) =>
        Write(reading, reading.Sequence, payload, verbatim, receivedAt);

    /// <param name="cloudSequence">The cloud's key: the device's sequence plus its epoch base (DeviceSequence).</param>
    public byte[] Write(DeviceMessage reading, long cloudSequence, ReadOnlySequence<byte> payload, bool verbatim, DateTimeOffset receivedAt)
    {
        var scratch = t_scratch ??= new Scratch();
        scratch.Buffer.ResetWrittenCount();
        var json = scratch.Json;
        json.Reset(scratch.Buffer);
        json.WriteStartObject();
        json.WriteString("site"u8, _site);
        json.WriteString("device_id"u8, _deviceId);
        json.WriteNumber("sequence"u8, cloudSequence);
        json.WriteString("received_at"u8, receivedAt);
        WriteCorrelationId(json, cloudSequence);
        json.WritePropertyName("message"u8);
        if (verbatim)
        {
            // Already checked token by token by DeviceMessageReader: one flat object of known fields.
            json.WriteRawValue(payload, skipInputValidation: true);
        }
        else
        {
            JsonSerializer.Serialize(json, reading, ContractsJsonContext.Default.DeviceMessage);
        }

        json.WriteEndObject();
        json.Flush();
        return scratch.Buffer.WrittenSpan.ToArray();
    }

    /// <summary>"{device id}-{sequence}", composed as UTF-8 without a string.</summary>
    private void WriteCorrelationId(Utf8JsonWriter json, long sequence)
    {
        var length = _deviceUtf8.Length + 1 + 20;
        var id = length <= 256 ? stackalloc byte[length] : new byte[length];
        _deviceUtf8.CopyTo(id);
        id[_deviceUtf8.Length] = (byte)'-';
        Utf8Formatter.TryFormat(sequence, id[(_deviceUtf8.Length + 1)..], out var digits);
        json.WriteString("correlation_id"u8, id[..(_deviceUtf8.Length + 1 + digits)]);
    }

    private sealed class Scratch
    {
        public ArrayBufferWriter<byte> Buffer { get; } = new(512);
        public Utf8JsonWriter Json { get; }

        public Scratch() => Json = new Utf8JsonWriter(Buffer);
    }
}
