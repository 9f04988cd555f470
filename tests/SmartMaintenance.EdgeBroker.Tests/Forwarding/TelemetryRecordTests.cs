using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using SmartMaintenance.Contracts;
using SmartMaintenance.EdgeBroker.Forwarding;
using SmartMaintenance.EdgeBroker.Ingress;
using SmartMaintenance.EdgeBroker.Outbox;

namespace SmartMaintenance.EdgeBroker.Tests.Forwarding;

/// <summary>
/// An outbox record written from the raw payload reads back, in the batch body the cloud receives, as exactly the
/// item the broker used to serialize (IngestBatchItem of the validated message), for every kind of telemetry.
/// </summary>
public sealed class TelemetryRecordTests
{
    private static readonly DateTimeOffset ReceivedAt = new DateTimeOffset(2026, 12, 1, 9, 30, 15, 123, TimeSpan.Zero).AddTicks(4567);

    public static TheoryData<string> Payloads => new()
    {
        """{"v":1,"dev":"dev-1","seq":7,"cv":0,"up":10,"sid":"air-temp","st":"temperature","u":"K","k":"r","val":300.5}""",
        """{"v":1,"dev":"dev-1","seq":8,"ts":1764580000000,"cv":1,"up":99,"sid":"spindle","st":"vibration","u":"mm/s","k":"a","val":12.25,"z":4.5,"bm":3.1,"bs":0.75}""",
        """{"v":1,"dev":"dev-1","seq":9,"ts":1764580000000,"cv":1,"sid":"motor","st":"temperature","u":"°C","k":"s","val":41.5,"n":60,"sd":0.5,"min":40,"max":43.25}""",
        """{"v":1,"dev":"dev-1","seq":10,"cv":0,"sid":"motor","st":"temperature","u":"K","k":"s","n":0}""",
        // Not verbatim: an empty summary with the zeros older firmware wrote, an unknown field, a repeated field.
        """{"v":1,"dev":"dev-1","seq":11,"cv":0,"sid":"motor","st":"temperature","u":"K","k":"s","n":0,"val":0,"sd":0,"min":0,"max":0}""",
        """{"v":1,"dev":"dev-1","seq":12,"cv":0,"sid":"spindle","st":"vibration","u":"mm/s","k":"a","val":0.5,"z":5,"fw":"2.1"}""",
        // Verbatim: the stuck flag is a known field (it travels as the device wrote it).
        """{"v":1,"dev":"dev-1","seq":15,"cv":0,"sid":"spindle","st":"vibration","u":"mm/s","k":"a","val":0.5,"z":0,"stk":1}""",
        """{"v":1,"dev":"dev-1","seq":13,"cv":0,"sid":"air-temp","st":"temperature","u":"K","k":"r","val":300.5,"val":301}""",
        // Verbatim with escapes, whitespace, exponent notation and a null baseline.
        "{ \"v\" : 1, \"dev\":\"dev\\u002d1\", \"seq\":14, \"cv\":0, \"sid\":\"air-temp\", \"st\":\"temperature\", \"u\":\"K\", \"k\":\"a\", \"val\":3.005e2, \"z\":null }\n",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Write_AnyValidTelemetry_CloudReadsTheItemTheBrokerUsedToSerialize(string json)
    {
        var payload = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json));
        var reading = DeviceMessageReader.TryRead(payload, new DeviceStrings("dev-1"), out var verbatim, out var error)
            ?? throw new InvalidOperationException(error);
        var before = new IngestBatchItem
        {
            Site = "plant-1",
            DeviceId = "dev-1",
            Sequence = reading.Sequence,
            ReceivedAt = ReceivedAt,
            CorrelationId = $"dev-1-{reading.Sequence}",
            Message = reading,
        };

        var record = new TelemetryRecord("plant-1", "dev-1").Write(reading, payload, verbatim, ReceivedAt);
        var body = BatchBody.Gzip("broker-1", "batch-1", [new OutboxEntry(new OutboxPosition(1, record.Length), record)]);
        using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        var batch = JsonSerializer.Deserialize(gzip, ContractsJsonContext.Default.IngestBatch)!;

        Assert.Equal(before, Assert.Single(batch.Items));
    }

    [Fact]
    public void Write_Verbatim_StoresThePayloadBytesUnchanged()
    {
        const string json = """{"v":1,"dev":"dev-1","seq":7,"cv":0,"sid":"air-temp","st":"temperature","u":"K","k":"r","val":300.50}""";
        var payload = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json));
        var reading = DeviceMessageReader.TryRead(payload, null, out var verbatim, out _)!;

        var record = Encoding.UTF8.GetString(new TelemetryRecord("plant-1", "dev-1").Write(reading, payload, verbatim, ReceivedAt));

        Assert.True(verbatim);
        Assert.EndsWith(",\"message\":" + json + "}", record, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NotVerbatim_StoresTheParsedMessageWithoutWhatWasDropped()
    {
        const string json = """{"v":1,"dev":"dev-1","seq":7,"cv":0,"sid":"spindle","st":"vibration","u":"mm/s","k":"a","val":0.5,"z":5,"fw":"2.1"}""";
        var payload = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json));
        var reading = DeviceMessageReader.TryRead(payload, null, out var verbatim, out _)!;

        var record = Encoding.UTF8.GetString(new TelemetryRecord("plant-1", "dev-1").Write(reading, payload, verbatim, ReceivedAt));

        Assert.False(verbatim);
        Assert.DoesNotContain("fw", record, StringComparison.Ordinal);
        Assert.Contains("\"z\":5", record, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SameAsSerializer_ForTheRecordFieldsBeforeTheMessage()
    {
        const string json = """{"v":1,"dev":"dev-1","seq":7,"cv":0,"sid":"air-temp","st":"temperature","u":"K","k":"r","val":300.5}""";
        var payload = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json));
        var reading = DeviceMessageReader.TryRead(payload, null, out _, out _)!;
        var serialized = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(new IngestBatchItem
        {
            Site = "plant-1", DeviceId = "dev-1", Sequence = 7, ReceivedAt = ReceivedAt, CorrelationId = "dev-1-7", Message = reading,
        }, ContractsJsonContext.Default.IngestBatchItem));

        var record = Encoding.UTF8.GetString(new TelemetryRecord("plant-1", "dev-1").Write(reading, payload, verbatim: false, ReceivedAt));

        // Same bytes: the forwarder's readers (lane by device_id, metrics by kind) see what they always saw.
        Assert.Equal(serialized, record);
    }
}
