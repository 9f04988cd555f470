extern alias firmware;

using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using SmartMaintenance.Contracts;
using SmartMaintenance.EdgeBroker.Forwarding;
using SmartMaintenance.EdgeBroker.Ingress;
using SmartMaintenance.EdgeBroker.Outbox;
using FirmwareConfig = firmware::SmartMaintenance.Firmware.Core.Config;
using FirmwareEncoding = firmware::SmartMaintenance.Firmware.Core.Encoding;
using FirmwareFiltering = firmware::SmartMaintenance.Firmware.Core.Filtering;
using FirmwarePlatform = firmware::SmartMaintenance.Firmware.Core.Platform;
using FirmwareReliability = firmware::SmartMaintenance.Firmware.Core.Reliability;
using FirmwareTelemetry = firmware::SmartMaintenance.Firmware.Core.Telemetry;

namespace SmartMaintenance.Contracts.Tests;

/// <summary>
/// The device's stuck-sensor verdict (wire stk = 1) crosses every hop as such: the firmware encodes it, the broker's
/// reader and the cloud's contract read it, and it survives the broker's outbox record and batch body into the
/// cloud's batch. Before, the broker dropped it and the cloud never heard that the device had found a stuck sensor.
/// </summary>
public sealed class StuckFlagTests
{
    private static FirmwareEncoding.TelemetryRecord StuckRecord() => new()
    {
        DeviceId = "dev-1", Sequence = 42, ClockValid = true, TimestampMs = 1_764_000_000_123, UptimeMs = 120_000,
        SensorId = "motor-current", SensorType = "current", Unit = "A", Kind = "a", Value = 4.25f,
        HasBaseline = true, ZScore = 0f, BaselineMean = 4.25f, BaselineStd = 0.125f, Stuck = true,
    };

    private static byte[] Encode(FirmwareEncoding.TelemetryRecord record)
    {
        var encoder = new FirmwareEncoding.TelemetryEncoder();
        return encoder.Buffer.AsSpan(0, encoder.Encode(record)).ToArray();
    }

    private static DeviceMessage? BrokerRead(byte[] bytes, out string? error) =>
        DeviceMessageReader.TryRead(new ReadOnlySequence<byte>(bytes), out error);

    [Fact]
    public void Encode_StuckAnomaly_WritesStkOneAfterTheBaseline()
    {
        var json = Encoding.UTF8.GetString(Encode(StuckRecord()));

        Assert.Equal(
            """{"v":1,"dev":"dev-1","seq":42,"ts":1764000000123,"cv":1,"up":120000,"sid":"motor-current","st":"current","u":"A","k":"a","val":4.25,"z":0,"bm":4.25,"bs":0.125,"stk":1}""",
            json);
    }

    [Fact]
    public void Encode_StuckAnomaly_BrokerAndCloudReadStuckTrue()
    {
        var bytes = Encode(StuckRecord());

        var broker = BrokerRead(bytes, out var error);
        var cloud = JsonSerializer.Deserialize(bytes, ContractsJsonContext.Default.DeviceMessage);

        Assert.Null(error);
        Assert.NotNull(broker);
        Assert.Equal(broker, cloud);
        Assert.True(broker.Stuck);
    }

    [Fact]
    public void Encode_AnomalyNotStuck_BrokerAndCloudReadStuckAbsent()
    {
        var record = StuckRecord();
        record.Stuck = false;
        var bytes = Encode(record);

        var broker = BrokerRead(bytes, out _);
        var cloud = JsonSerializer.Deserialize(bytes, ContractsJsonContext.Default.DeviceMessage);

        Assert.DoesNotContain("stk", Encoding.UTF8.GetString(bytes));
        Assert.Equal((bool?)null, broker!.Stuck);
        Assert.Equal((bool?)null, cloud!.Stuck);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("-1")]
    public void TryRead_StkOtherThanZeroOrOne_RefusedNamingTheField(string stk)
    {
        var json = Encoding.UTF8.GetString(Encode(StuckRecord())).Replace("\"stk\":1", "\"stk\":" + stk, StringComparison.Ordinal);

        var broker = BrokerRead(Encoding.UTF8.GetBytes(json), out var error);

        Assert.Null(broker);
        Assert.Contains("'stk'", error);
    }

    [Fact]
    public void CloudContract_StkNotZeroOrOne_IsAJsonError()
    {
        var json = Encoding.UTF8.GetString(Encode(StuckRecord())).Replace("\"stk\":1", "\"stk\":true", StringComparison.Ordinal);

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, ContractsJsonContext.Default.DeviceMessage));
    }

    [Fact]
    public void StuckSensorOnTheBoard_FlagSurvivesBrokerOutboxRecordAndBatchBodyIntoTheCloudBatch()
    {
        var bytes = StuckSensorAnomalyFromThePipeline();
        var broker = BrokerRead(bytes, out var error);
        Assert.Null(error);

        // What the broker's publish handler appends to its outbox, and the forwarder's body of one batch.
        var item = new IngestBatchItem
        {
            Site = "plant-1", DeviceId = broker!.DeviceId, Sequence = broker.Sequence,
            ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000), Message = broker,
        };
        var record = JsonSerializer.SerializeToUtf8Bytes(item, ContractsJsonContext.Default.IngestBatchItem);
        var body = Gunzip(BatchBody.Gzip("broker-1", "batch-1", [new OutboxEntry(default, record)]));
        var batch = JsonSerializer.Deserialize(body, ContractsJsonContext.Default.IngestBatch)!;

        var message = Assert.Single(batch.Items).Message;
        Assert.True(message.Stuck);
        Assert.Equal(("a", "current", 4.2f), (message.Kind, message.SensorId, (float)message.Value!.Value));
    }

    private sealed class Clock : FirmwarePlatform.IClock
    {
        public long UptimeMs { get; set; }
        public bool IsUtcValid => true;
        public long UtcNowMs => 1_764_000_000_000 + UptimeMs;
    }

    private sealed class Store : FirmwarePlatform.IPersistentStore
    {
        private readonly Dictionary<string, long> _values = new();
        public long ReadLong(string key, long fallback) => _values.TryGetValue(key, out var v) ? v : fallback;
        public void WriteLong(string key, long value) => _values[key] = value;
    }

    /// <summary>The real sample pipeline of a board whose current sensor repeats one value for its whole stuck window.</summary>
    private static byte[] StuckSensorAnomalyFromThePipeline()
    {
        var clock = new Clock();
        var outbox = new FirmwareReliability.Outbox(4, 256);
        var pipeline = new FirmwareTelemetry.SamplePipeline("dev-1", clock,
            new FirmwareTelemetry.SequenceCounter(new Store(), "seq", 100), outbox, new FirmwareConfig.DeviceSettings(), 1);
        var current = pipeline.AddChannel("current", "current", "A", new FirmwareFiltering.FilterOptions { StuckWindow = 30 });
        for (var i = 0; i < 30; i++)
        {
            clock.UptimeMs += 100;
            pipeline.Record(current, 4.2f);
        }

        Assert.Equal(1, outbox.Count);
        var slot = outbox.NextPending();
        return outbox.SlotBuffer(slot).AsSpan(0, outbox.SlotLength(slot)).ToArray();
    }

    private static byte[] Gunzip(byte[] gzipped)
    {
        using var input = new GZipStream(new MemoryStream(gzipped), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
