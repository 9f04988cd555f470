extern alias firmware;

using System.Buffers;
using System.Text;
using System.Text.Json;
using SmartMaintenance.Contracts;
using SmartMaintenance.EdgeBroker.Ingress;
using FirmwareConfig = firmware::SmartMaintenance.Firmware.Core.Config;
using FirmwareFiltering = firmware::SmartMaintenance.Firmware.Core.Filtering;
using FirmwarePlatform = firmware::SmartMaintenance.Firmware.Core.Platform;
using FirmwareReliability = firmware::SmartMaintenance.Firmware.Core.Reliability;
using FirmwareTelemetry = firmware::SmartMaintenance.Firmware.Core.Telemetry;

namespace SmartMaintenance.Contracts.Tests;

/// <summary>
/// A silent sensor's periodic summary (n = 0) crosses every hop: the core writes it without values, the broker's
/// real ingress validator accepts it (a 0 K "mean" used to be refused as implausible, so a stale sensor vanished into
/// the dead letters), and the cloud's contract reads it as an empty summary.
/// </summary>
public sealed class EmptySummaryTests
{
    private const long UtcBaseMs = 1_764_000_000_000;

    private sealed class Clock : FirmwarePlatform.IClock
    {
        public long UptimeMs { get; set; }
        public bool IsUtcValid => true;
        public long UtcNowMs => UtcBaseMs + UptimeMs;
    }

    private sealed class Store : FirmwarePlatform.IPersistentStore
    {
        private readonly Dictionary<string, long> _values = new();
        public long ReadLong(string key, long fallback) => _values.TryGetValue(key, out var v) ? v : fallback;
        public void WriteLong(string key, long value) => _values[key] = value;
    }

    /// <summary>What a board with a silent motor-temperature sensor (kelvin) publishes after one summary period.</summary>
    private static byte[] SilentKelvinSensorSummary()
    {
        var clock = new Clock();
        var outbox = new FirmwareReliability.Outbox(4, 256);
        var pipeline = new FirmwareTelemetry.SamplePipeline("dev-1", clock,
            new FirmwareTelemetry.SequenceCounter(new Store(), "seq", 100), outbox, new FirmwareConfig.DeviceSettings(), 1);
        pipeline.AddChannel("motor-temp", "temperature", "K", new FirmwareFiltering.FilterOptions());

        clock.UptimeMs = 61_000;
        Assert.Equal(1, pipeline.FlushDueSummaries());

        var slot = outbox.NextPending();
        return outbox.SlotBuffer(slot).AsSpan(0, outbox.SlotLength(slot)).ToArray();
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static IngressValidator Validator() =>
        new(new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(UtcBaseMs + 61_000)));

    private static DeviceSequence Device() => new SequenceTracker().For("dev-1");

    [Fact]
    public void Encode_EmptySummary_WritesCountWithoutValues()
    {
        var json = Encoding.UTF8.GetString(SilentKelvinSensorSummary());

        Assert.Equal(
            """{"v":1,"dev":"dev-1","seq":0,"ts":1764000061000,"cv":1,"up":61000,"sid":"motor-temp","st":"temperature","u":"K","k":"s","n":0}""",
            json);
    }

    [Fact]
    public void EmptySummaryOfKelvinSensor_BrokerIngressAcceptsAndCloudContractReadsIt()
    {
        var bytes = SilentKelvinSensorSummary();

        var outcome = Validator().Validate(Device(), new ReadOnlySequence<byte>(bytes), out var message, out var error);
        // The broker forwards what it validated, serialized as the batch item's message.
        var forwarded = JsonSerializer.SerializeToUtf8Bytes(message!, ContractsJsonContext.Default.DeviceMessage);
        var cloud = JsonSerializer.Deserialize(forwarded, ContractsJsonContext.Default.DeviceMessage)!;

        Assert.Equal(IngressOutcome.Accepted, outcome);
        Assert.Null(error);
        Assert.DoesNotContain("\"val\"", Encoding.UTF8.GetString(forwarded));
        Assert.True(cloud.IsEmptySummary);
        Assert.Equal(("motor-temp", "K", 0L), (cloud.SensorId, cloud.Unit, cloud.Count!.Value));
        Assert.Null(cloud.Value);
        Assert.Equal(message, cloud);
    }

    [Fact]
    public void EmptySummaryInTheOlderZeroFilledForm_IsAcceptedWithTheZerosDropped()
    {
        var bytes = """{"v":1,"dev":"dev-1","seq":3,"cv":0,"up":5,"sid":"motor-temp","st":"temperature","u":"K","k":"s","val":0,"n":0,"sd":0,"min":0,"max":0}"""u8.ToArray();

        var outcome = Validator().Validate(Device(), new ReadOnlySequence<byte>(bytes), out var message, out var error);

        Assert.Equal(IngressOutcome.Accepted, outcome);
        Assert.Null(error);
        Assert.Equal((null, null, null, null), (message!.Value, message.Std, message.Min, message.Max));
    }

    [Theory]
    [InlineData("""{"v":1,"dev":"dev-1","seq":4,"cv":0,"sid":"motor-temp","st":"temperature","u":"K","k":"r"}""", "missing")]
    [InlineData("""{"v":1,"dev":"dev-1","seq":4,"cv":0,"sid":"motor-temp","st":"temperature","u":"K","k":"s","n":5}""", "missing")]
    [InlineData("""{"v":1,"dev":"dev-1","seq":4,"cv":0,"sid":"motor-temp","st":"temperature","u":"K","k":"s","val":300,"n":-1}""", "negative")]
    [InlineData("""{"v":1,"dev":"dev-1","seq":4,"cv":0,"sid":"motor-temp","st":"temperature","u":"furlong","k":"s","n":0}""", "not valid for sensor type")]
    public void MessageWithoutValueThatIsNotAnEmptySummary_IsRefused(string json, string reason)
    {
        var outcome = Validator().Validate(Device(), new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), out _, out var error);

        Assert.Equal(IngressOutcome.Invalid, outcome);
        Assert.Contains(reason, error);
    }
}
