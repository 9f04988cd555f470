extern alias contracts;

using System.Text;
using System.Text.Json;
using SmartMaintenance.Firmware.Core.Config;
using SmartMaintenance.Firmware.Core.Filtering;
using SmartMaintenance.Firmware.Core.Reliability;
using SmartMaintenance.Firmware.Core.Telemetry;
using SmartMaintenance.Firmware.Tests.Fakes;
using Cloud = contracts::SmartMaintenance.Contracts;

namespace SmartMaintenance.Firmware.Tests.Config;

/// <summary>Config messages through the handler the supervisor calls: validate, apply to the pipeline, acknowledge.</summary>
public sealed class RemoteConfigHandlerTests
{
    private sealed class Rig
    {
        public FakeClock Clock { get; } = new();
        public Outbox Outbox { get; } = new(64, 256);
        public DeviceSettings Settings { get; } = new() { WarmupSamples = 20, SummaryPeriodSeconds = 60 };
        public SamplePipeline Pipeline { get; }
        public RemoteConfigHandler Handler { get; }
        public int Temp { get; }
        public int Vib { get; }

        public Rig()
        {
            Pipeline = new SamplePipeline("dev-1", Clock, new SequenceCounter(new MemoryStore(), "seq", 100), Outbox, Settings, 4);
            Temp = Pipeline.AddChannel("temp", "temperature", "K", new FilterOptions { StdFloor = 0.05f, StuckWindow = 0 });
            Vib = Pipeline.AddChannel("vib", "vibration", "g", new FilterOptions { StdFloor = 0.001f, StuckWindow = 0 });
            Handler = new RemoteConfigHandler(Pipeline);
        }

        public Cloud.DeviceConfigAck Send(string json)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            var length = Handler.Handle(bytes, bytes.Length);
            Assert.True(length > 0);
            return JsonSerializer.Deserialize(Handler.AckBuffer.AsSpan(0, length), Cloud.ContractsJsonContext.Default.DeviceConfigAck)!;
        }

        public void Normal(int n)
        {
            for (var i = 0; i < n; i++)
            {
                Clock.Advance(100);
                Pipeline.Record(Temp, i % 2 == 0 ? 299f : 301f);
                Pipeline.Record(Vib, i % 2 == 0 ? 0.010f : 0.012f);
            }
        }

        public List<Cloud.DeviceMessage> Messages()
        {
            var list = new List<Cloud.DeviceMessage>();
            for (var i = 0; Outbox.PendingAt(i) >= 0; i++)
            {
                var slot = Outbox.PendingAt(i);
                list.Add(JsonSerializer.Deserialize(
                    Outbox.SlotBuffer(slot).AsSpan(0, Outbox.SlotLength(slot)), Cloud.ContractsJsonContext.Default.DeviceMessage)!);
            }

            return list;
        }
    }

    [Fact]
    public void Handle_DisabledSensorListed_AppliedAckedWithVersionAndChannelOff()
    {
        var rig = new Rig();

        var ack = rig.Send("""{"v":1,"cfg":5,"dis":["vib"]}""");

        Assert.Equal((5L, true, null), (ack.Version, ack.Applied, ack.Error));
        Assert.False(rig.Pipeline.Channel(rig.Vib).Enabled);
        Assert.True(rig.Pipeline.Channel(rig.Temp).Enabled);
        Assert.True(rig.Settings.IsSensorDisabled("vib"));
    }

    [Fact]
    public void Handle_UnknownSensorId_RejectedWithReasonAndOldConfigKept()
    {
        var rig = new Rig();
        rig.Send("""{"v":1,"cfg":5,"zk":4,"dis":["vib"]}""");

        var ack = rig.Send("""{"v":1,"cfg":6,"zk":5,"dis":["temp","pressure"]}""");

        Assert.Equal((6L, false), (ack.Version, ack.Applied));
        Assert.Equal("unknown sensor 'pressure' in dis", ack.Error);
        Assert.Equal((5L, 4f), (rig.Settings.Version, rig.Settings.ZThreshold));
        Assert.True(rig.Pipeline.Channel(rig.Temp).Enabled);
        Assert.False(rig.Pipeline.Channel(rig.Vib).Enabled);
    }

    [Theory]
    [InlineData("""{"v":1,"cfg":6,"dis":"vib"}""", "'dis' must be a list of sensor ids")]
    [InlineData("""{"v":1,"cfg":6,"dis":[3]}""", "'dis' must hold sensor ids (strings)")]
    [InlineData("""{"v":1,"cfg":6,"dis":["a b"]}""", "dis holds an invalid sensor id")]
    public void Handle_DisabledSensorsOfWrongShape_Rejected(string json, string reason)
    {
        var rig = new Rig();

        var ack = rig.Send(json);

        Assert.Equal((6L, false, reason), (ack.Version, ack.Applied, ack.Error));
        Assert.True(rig.Pipeline.Channel(rig.Vib).Enabled);
    }

    [Fact]
    public void Handle_LaterConfigWithoutDis_TurnsEverySensorBackOn()
    {
        var rig = new Rig();
        rig.Send("""{"v":1,"cfg":5,"dis":["vib","temp"]}""");

        var ack = rig.Send("""{"v":1,"cfg":6}""");

        Assert.True(ack.Applied);
        Assert.True(rig.Pipeline.Channel(rig.Temp).Enabled);
        Assert.True(rig.Pipeline.Channel(rig.Vib).Enabled);
    }

    [Fact]
    public void Handle_FieldOmitted_TakesTheBootValueNotTheEarlierOne()
    {
        var rig = new Rig();
        rig.Send("""{"v":1,"cfg":5,"zk":6,"sum":10}""");

        rig.Send("""{"v":1,"cfg":6,"zh":1}""");

        // What version 6 means on this device does not depend on version 5 having been applied before.
        var boot = new SmartMaintenance.Firmware.Core.Config.DeviceSettings();
        Assert.NotEqual(6f, boot.ZThreshold);
        Assert.Equal((6L, boot.ZThreshold, 1f, 60), (rig.Settings.Version, rig.Settings.ZThreshold, rig.Settings.Hysteresis, rig.Settings.SummaryPeriodSeconds));
    }

    [Fact]
    public void Record_DisabledSensor_NeitherJudgedNorPublishedNorSummarised()
    {
        var rig = new Rig();
        rig.Send("""{"v":1,"cfg":5,"dis":["vib"]}""");

        rig.Normal(300);
        rig.Pipeline.Record(rig.Vib, 5f);   // a spike on the disabled sensor
        rig.Normal(300);                    // the summary period ends

        var messages = rig.Messages();
        Assert.Single(messages);
        Assert.Equal(("temp", "s", 600L), (messages[0].SensorId, messages[0].Kind, messages[0].Count!.Value));
        Assert.Equal(0, rig.Pipeline.Channel(rig.Vib).Filter.Baseline.Count);
        Assert.Equal(0, rig.Pipeline.FlushDueSummaries());
    }

    [Fact]
    public void Handle_SensorSwitchedOff_PublishesThePartialSummaryFirst()
    {
        var rig = new Rig();
        rig.Normal(100);

        rig.Send("""{"v":1,"cfg":5,"dis":["vib"]}""");

        var summary = Assert.Single(rig.Messages());
        Assert.Equal(("vib", "s", 100L), (summary.SensorId, summary.Kind, summary.Count!.Value));
    }

    [Fact]
    public void Handle_SensorSwitchedBackOn_WarmsUpAgainAndStartsANewSummaryPeriod()
    {
        var rig = new Rig();
        rig.Normal(100);
        rig.Send("""{"v":1,"cfg":5,"dis":["vib"]}""");
        var before = rig.Messages().Count;
        rig.Clock.Advance(120_000);

        rig.Send("""{"v":1,"cfg":6}""");
        rig.Pipeline.Record(rig.Vib, 5f);   // would be a huge z against the old baseline

        var vib = rig.Pipeline.Channel(rig.Vib);
        Assert.True(vib.Enabled);
        Assert.Equal(1, vib.Filter.Baseline.Count);
        Assert.Equal(0, vib.Filter.AnomalyCount);
        Assert.Equal(before, rig.Messages().Count(m => m.SensorId == "vib"));
    }
}
