extern alias firmware;

using System.Buffers;
using System.Text;
using System.Text.Json;
using SmartMaintenance.Contracts;
using SmartMaintenance.EdgeBroker.Ingress;
using FirmwareConfig = firmware::SmartMaintenance.Firmware.Core.Config;
using FirmwareEncoding = firmware::SmartMaintenance.Firmware.Core.Encoding;

namespace SmartMaintenance.Contracts.Tests;

/// <summary>
/// The three sides of the wire agree: what the firmware core encodes, the broker's Utf8JsonReader parser and the
/// cloud's source-generated System.Text.Json context read back to the same values; and what the cloud writes as
/// config, the firmware reads.
/// </summary>
public sealed class GoldenMessageTests
{
    private static FirmwareEncoding.TelemetryRecord AnomalyRecord() => new()
    {
        DeviceId = "dev-1",
        Sequence = 4_294_967_301,
        ClockValid = true,
        TimestampMs = 1_764_000_000_123,
        UptimeMs = 86_400_000,
        SensorId = "process-temp",
        SensorType = "temperature",
        Unit = "°C",
        Kind = "a",
        Value = 312.45f,
        HasBaseline = true,
        ZScore = -3.75f,
        BaselineMean = 310.1f,
        BaselineStd = 0.625f,
    };

    [Fact]
    public void Encode_AnomalyRecord_WritesExpectedBytes()
    {
        var encoder = new FirmwareEncoding.TelemetryEncoder();
        var length = encoder.Encode(AnomalyRecord());

        var json = Encoding.UTF8.GetString(encoder.Buffer, 0, length);

        Assert.Equal(
            """{"v":1,"dev":"dev-1","seq":4294967301,"ts":1764000000123,"cv":1,"up":86400000,"sid":"process-temp","st":"temperature","u":"°C","k":"a","val":312.45,"z":-3.75,"bm":310.1,"bs":0.625}""",
            json);
    }

    [Fact]
    public void Encode_AnomalyRecord_BrokerAndCloudReadSameValues()
    {
        var encoder = new FirmwareEncoding.TelemetryEncoder();
        var length = encoder.Encode(AnomalyRecord());
        var bytes = encoder.Buffer.AsSpan(0, length).ToArray();

        var broker = DeviceMessageReader.TryRead(new ReadOnlySequence<byte>(bytes), out var error);
        var cloud = JsonSerializer.Deserialize(bytes, ContractsJsonContext.Default.DeviceMessage);

        Assert.Null(error);
        Assert.NotNull(broker);
        Assert.Equal(broker, cloud);
        Assert.Equal("dev-1", broker.DeviceId);
        Assert.Equal(4_294_967_301, broker.Sequence);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_123), broker.Timestamp);
        Assert.Equal("°C", broker.Unit);
        Assert.Equal(312.45f, (float)broker.Value!.Value);
        Assert.Equal(-3.75, broker.ZScore);
        Assert.Equal(310.1f, (float)broker.BaselineMean!.Value);
        Assert.Null(broker.Count);
        Assert.Null(broker.Stuck);
    }

    [Fact]
    public void Encode_SummaryWithInvalidClock_OmitsTimestampAndKeepsUptime()
    {
        var record = new FirmwareEncoding.TelemetryRecord
        {
            DeviceId = "dev-2", Sequence = 7, ClockValid = false, TimestampMs = 999, UptimeMs = 1234,
            SensorId = "vib", SensorType = "vibration", Unit = "g", Kind = "s", Value = 0.0123f,
            HasSummary = true, Count = 600, Std = 0.0021f, Min = 0.001f, Max = 0.5f,
        };
        var encoder = new FirmwareEncoding.TelemetryEncoder();
        var bytes = encoder.Buffer.AsSpan(0, encoder.Encode(record)).ToArray();

        var broker = DeviceMessageReader.TryRead(new ReadOnlySequence<byte>(bytes), out _);
        var cloud = JsonSerializer.Deserialize(bytes, ContractsJsonContext.Default.DeviceMessage);

        Assert.NotNull(broker);
        Assert.Equal(broker, cloud);
        Assert.Null(broker.TimestampMs);
        Assert.Null(broker.Timestamp);
        Assert.Equal(0, broker.ClockValid);
        Assert.Equal(1234, broker.UptimeMs);
        Assert.Equal(600, broker.Count);
        Assert.Equal(0.0123f, (float)broker.Value!.Value);
        Assert.Equal(0.0021f, (float)broker.Std!.Value);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-0.000123f)]
    [InlineData(1.5e-7f)]
    [InlineData(99.99999f)]
    [InlineData(1013.25f)]
    [InlineData(-40.0f)]
    [InlineData(123456.7f)]
    [InlineData(3.0e9f)]
    public void Encode_Float_RoundTripsWithinSevenDigits(float value)
    {
        var record = new FirmwareEncoding.TelemetryRecord
        {
            DeviceId = "d", Sequence = 1, SensorId = "s", SensorType = "t", Unit = "u", Kind = "r", Value = value,
        };
        var encoder = new FirmwareEncoding.TelemetryEncoder();
        var bytes = encoder.Buffer.AsSpan(0, encoder.Encode(record)).ToArray();

        var parsed = JsonSerializer.Deserialize(bytes, ContractsJsonContext.Default.DeviceMessage)!;

        // Seven significant digits; tiny values round to six decimals.
        var tolerance = Math.Max(Math.Abs(value) * 1e-6, 5e-7);
        Assert.InRange(parsed.Value!.Value, value - tolerance, value + tolerance);
    }

    [Fact]
    public void Config_WrittenByCloud_IsAppliedByFirmware()
    {
        var config = new DeviceConfig
        {
            Version = 12, ZThreshold = 3.5, Hysteresis = 0.75, WarmupSamples = 50, SamplePeriodMs = 250, SummaryPeriodSeconds = 30,
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(config, ContractsJsonContext.Default.DeviceConfig);
        var settings = new FirmwareConfig.DeviceSettings();
        var parser = new FirmwareConfig.ConfigParser();

        var applied = parser.TryApply(bytes, bytes.Length, settings, SensorIds, SensorIds.Length);

        Assert.True(applied, parser.Error);
        Assert.Equal(12, settings.Version);
        Assert.Equal(3.5f, settings.ZThreshold);
        Assert.Equal(0.75f, settings.Hysteresis);
        Assert.Equal(50, settings.WarmupSamples);
        Assert.Equal(250, settings.SamplePeriodMs);
        Assert.Equal(30, settings.SummaryPeriodSeconds);
    }

    [Fact]
    public void Config_OutOfRange_IsRejectedAndLeavesSettingsUnchanged()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(
            new DeviceConfig { Version = 3, ZThreshold = 0.2, SamplePeriodMs = 500 }, ContractsJsonContext.Default.DeviceConfig);
        var settings = new FirmwareConfig.DeviceSettings();
        var parser = new FirmwareConfig.ConfigParser();

        var applied = parser.TryApply(bytes, bytes.Length, settings, SensorIds, SensorIds.Length);

        Assert.False(applied);
        Assert.Contains("zk", parser.Error);
        Assert.Equal(0, settings.Version);
        Assert.Equal(1000, settings.SamplePeriodMs);
    }

    private static readonly string[] SensorIds = ["motor-temp", "vibration", "speed"];

    [Fact]
    public void Config_WithDisabledSensors_CloudWritesExpectedBytes()
    {
        var config = new DeviceConfig { Version = 12, ZThreshold = 3.5, DisabledSensors = ["vibration", "speed"] };

        var json = JsonSerializer.Serialize(config, ContractsJsonContext.Default.DeviceConfig);

        Assert.Equal("""{"v":1,"cfg":12,"zk":3.5,"dis":["vibration","speed"]}""", json);
    }

    [Fact]
    public void Config_WithDisabledSensors_WrittenByCloud_IsAppliedByFirmware()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(
            new DeviceConfig { Version = 12, ZThreshold = 3.5, DisabledSensors = ["vibration", "speed"] }, ContractsJsonContext.Default.DeviceConfig);
        var settings = new FirmwareConfig.DeviceSettings();
        var parser = new FirmwareConfig.ConfigParser();

        var applied = parser.TryApply(bytes, bytes.Length, settings, SensorIds, SensorIds.Length);

        Assert.True(applied, parser.Error);
        Assert.Equal((12L, 3.5f, 2), (settings.Version, settings.ZThreshold, settings.DisabledCount));
        Assert.True(settings.IsSensorDisabled("vibration") && settings.IsSensorDisabled("speed"));
        Assert.False(settings.IsSensorDisabled("motor-temp"));
    }

    [Fact]
    public void Config_DisablingASensorTheDeviceLacks_IsRejectedWithAReasonTheCloudReads()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(
            new DeviceConfig { Version = 13, DisabledSensors = ["pressure"] }, ContractsJsonContext.Default.DeviceConfig);
        var settings = new FirmwareConfig.DeviceSettings();
        var parser = new FirmwareConfig.ConfigParser();
        var encoder = new FirmwareConfig.ConfigAckEncoder();

        var applied = parser.TryApply(bytes, bytes.Length, settings, SensorIds, SensorIds.Length);
        var length = encoder.Encode(13, applied, parser.Error);

        var ack = JsonSerializer.Deserialize(encoder.Buffer.AsSpan(0, length), ContractsJsonContext.Default.DeviceConfigAck)!;
        Assert.Equal((13L, false, "unknown sensor 'pressure' in dis"), (ack.Version, ack.Applied, ack.Error));
        Assert.Equal((0L, 0), (settings.Version, settings.DisabledCount));
    }

    [Fact]
    public void ConfigAck_WrittenByFirmware_IsReadByCloud()
    {
        var encoder = new FirmwareConfig.ConfigAckEncoder();
        var length = encoder.Encode(12, false, "zk must be between 1 and 20");

        var ack = JsonSerializer.Deserialize(encoder.Buffer.AsSpan(0, length), ContractsJsonContext.Default.DeviceConfigAck)!;

        Assert.Equal(12, ack.Version);
        Assert.False(ack.Applied);
        Assert.Equal("zk must be between 1 and 20", ack.Error);
    }
}
