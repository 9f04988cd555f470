extern alias contracts;

using System.Text;
using System.Text.Json;
using SmartMaintenance.Firmware.Core.Config;
using SmartMaintenance.Firmware.Core.Filtering;
using SmartMaintenance.Firmware.Core.Reliability;
using SmartMaintenance.Firmware.Core.Telemetry;
using SmartMaintenance.Firmware.Tests.Fakes;
using Cloud = contracts::SmartMaintenance.Contracts;

namespace SmartMaintenance.Firmware.Tests.Telemetry;

public sealed class SamplePipelineTests
{
    internal sealed class Rig
    {
        public FakeClock Clock { get; } = new();
        public MemoryStore Store { get; } = new();
        public Outbox Outbox { get; } = new(64, 256);
        public DeviceSettings Settings { get; } = new() { WarmupSamples = 20, SummaryPeriodSeconds = 60 };
        public SamplePipeline Pipeline { get; }

        public Rig()
        {
            Pipeline = new SamplePipeline("dev-1", Clock, new SequenceCounter(Store, "seq", 100), Outbox, Settings, 4);
            Pipeline.AddChannel("temp", "temperature", "K", new FilterOptions { StdFloor = 0.05f, StuckWindow = 0 });
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

        public void Normal(int n)
        {
            for (var i = 0; i < n; i++)
            {
                Clock.Advance(100);
                Pipeline.Record(0, i % 2 == 0 ? 299f : 301f);
            }
        }
    }

    [Fact]
    public void Record_NormalSamples_PublishNothingUntilTheSummary()
    {
        var rig = new Rig();

        rig.Normal(100);

        Assert.Equal(0, rig.Outbox.Count);
    }

    [Fact]
    public void Record_Spike_QueuesAnomalyThatTheCloudContractReads()
    {
        var rig = new Rig();
        rig.Normal(100);

        rig.Pipeline.Record(0, 320f);

        var message = Assert.Single(rig.Messages());
        Assert.Equal("a", message.Kind);
        Assert.Equal("dev-1", message.DeviceId);
        Assert.Equal(0, message.Sequence);
        Assert.Equal("K", message.Unit);
        Assert.Equal(320.0, message.Value!.Value, 0.001);
        Assert.Equal(300.0, message.BaselineMean!.Value, 0.05);
        Assert.True(message.ZScore > 3);
        Assert.Equal(1, message.ClockValid);
        Assert.Equal(rig.Clock.UtcNowMs, message.TimestampMs);
    }

    [Fact]
    public void Record_SummaryPeriodElapsed_QueuesSummaryOfThePeriod()
    {
        var rig = new Rig();

        rig.Normal(600);   // 600 x 100 ms = the 60 s period

        var summary = Assert.Single(rig.Messages());
        Assert.Equal("s", summary.Kind);
        Assert.Equal(600, summary.Count);
        Assert.Equal(300.0, summary.Value!.Value, 0.01);
        Assert.Equal(299.0, summary.Min);
        Assert.Equal(301.0, summary.Max);
        Assert.Equal(1.0, summary.Std!.Value, 0.01);
    }

    [Fact]
    public void FlushDueSummaries_SensorSilent_StillPublishesEmptySummary()
    {
        var rig = new Rig();

        rig.Clock.Advance(61_000);
        var queued = rig.Pipeline.FlushDueSummaries();

        Assert.Equal(1, queued);
        var summary = Assert.Single(rig.Messages());
        Assert.Equal(0, summary.Count);
        Assert.True(summary.IsEmptySummary);
        Assert.Equal((null, null, null, null), (summary.Value, summary.Std, summary.Min, summary.Max));
    }

    [Fact]
    public void Record_ClockNotYetValid_FlagsItAndSendsUptime()
    {
        var rig = new Rig();
        rig.Clock.IsUtcValid = false;
        rig.Normal(100);

        rig.Pipeline.Record(0, 320f);

        var message = Assert.Single(rig.Messages());
        Assert.Equal(0, message.ClockValid);
        Assert.Null(message.TimestampMs);
        Assert.Equal(rig.Clock.UptimeMs, message.UptimeMs);
    }

    [Fact]
    public void Record_StuckSensor_PublishesAnomalyMarkedStuck()
    {
        var rig = new Rig();
        var stuck = rig.Pipeline.AddChannel("current", "current", "A", new FilterOptions { StuckWindow = 50 });
        for (var i = 0; i < 49; i++)
        {
            rig.Pipeline.Record(stuck, 4.2f);
        }

        Assert.Equal(0, rig.Outbox.Count);
        rig.Pipeline.Record(stuck, 4.2f);

        var slot = rig.Outbox.NextPending();
        var json = Encoding.UTF8.GetString(rig.Outbox.SlotBuffer(slot), 0, rig.Outbox.SlotLength(slot));
        Assert.Contains("\"k\":\"a\"", json);
        Assert.Contains("\"stk\":1", json);
    }

    [Fact]
    public void Record_PublishEverySample_QueuesOneReadingPerSampleWithConsecutiveSequences()
    {
        var rig = new Rig();
        rig.Pipeline.PublishEverySample = true;

        rig.Normal(10);

        var messages = rig.Messages();
        Assert.Equal(10, messages.Count);
        Assert.All(messages, m => Assert.Equal("r", m.Kind));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), messages.Select(m => m.Sequence));
    }

    [Fact]
    public void Record_MessageLimitReached_CreatesNoMoreMessages()
    {
        var rig = new Rig();
        rig.Pipeline.PublishEverySample = true;
        rig.Pipeline.MessageLimit = 5;

        rig.Normal(50);

        Assert.Equal(5, rig.Outbox.Count);
        Assert.True(rig.Pipeline.LimitReached);
    }

    [Fact]
    public void SequenceCounter_AfterReboot_NeverRepeatsANumber()
    {
        var store = new MemoryStore();
        var before = new SequenceCounter(store, "seq", 100);
        var used = Enumerable.Range(0, 250).Select(_ => before.Next()).ToList();

        var afterReboot = new SequenceCounter(store, "seq", 100);
        var next = afterReboot.Next();

        Assert.True(next > used.Max());
        Assert.Equal(300, next);
        Assert.Equal(4, store.Writes);   // one write per block of 100, not one per message
    }
}
