using System.Buffers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SmartMaintenance.Contracts;
using SmartMaintenance.EdgeBroker.Forwarding;
using SmartMaintenance.EdgeBroker.Ingress;

namespace SmartMaintenance.EdgeBroker.Bench;

/// <summary>
/// The broker's per-message CPU work on a connection's receive loop, without MQTT and disk (micro mode): parsing
/// and checking the 120-byte bench telemetry message, and building its outbox record. One operation = one message.
/// </summary>
[MemoryDiagnoser]
public class IngressBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly IngressValidator _validator = new(new FixedTime(Now));
    private readonly DeviceSequence _sequence = new SequenceTracker().For("dev-1");
    private readonly DeviceStrings _strings = new("dev-1");
    private readonly TelemetryRecord _record = new("plant-1", "dev-1");
    private ReadOnlySequence<byte> _payload;
    private DeviceMessage _reading = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The load bench's message (LoadRunner): valid telemetry padded to 120 bytes through the sensor id.
        const string head = """{"v":1,"dev":"dev-1","seq":100000001,"cv":0,"sid":"s""";
        const string tail = "\",\"st\":\"temperature\",\"u\":\"K\",\"k\":\"r\",\"val\":300.5}";
        var json = head + new string('x', LoadRunner.MessageBytes - head.Length - tail.Length) + tail;
        _payload = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json));
        _reading = DeviceMessageReader.TryRead(_payload, out var error) ?? throw new InvalidOperationException(error);
    }

    /// <summary>Size limit, parse, every check, sequence admission (a repeat here, so Duplicate: same work).</summary>
    [Benchmark]
    public IngressOutcome Validate() => _validator.Validate(_sequence, _payload, out _, out _);

    /// <summary>As <see cref="Validate"/>, with the session's string tables, as PublishHandler calls it.</summary>
    [Benchmark]
    public IngressOutcome ValidateWithStrings() => _validator.Validate(_sequence, _payload, _strings, out _, out _, out _, out _, out _);

    /// <summary>The outbox record as PublishHandler writes it: the validated payload copied into the record.</summary>
    [Benchmark]
    public byte[] RecordVerbatim() => _record.Write(_reading, _payload, verbatim: true, Now);

    /// <summary>The record of a payload that is not verbatim (an unknown field, say): the message serialized.</summary>
    [Benchmark]
    public byte[] RecordSerializedMessage() => _record.Write(_reading, _payload, verbatim: false, Now);

    /// <summary>The outbox record as the broker built it up to 2026-12-01: an IngestBatchItem re-serialized.</summary>
    [Benchmark]
    public byte[] RecordSerialized() => JsonSerializer.SerializeToUtf8Bytes(new IngestBatchItem
    {
        Site = "plant-1",
        DeviceId = "dev-1",
        Sequence = _reading.Sequence,
        ReceivedAt = Now,
        CorrelationId = $"dev-1-{_reading.Sequence}",
        Message = _reading,
    }, ContractsJsonContext.Default.IngestBatchItem);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
