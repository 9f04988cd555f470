extern alias contracts;

using System.Text.Json;
using SmartMaintenance.Firmware.Core.Connection;
using Cloud = contracts::SmartMaintenance.Contracts;

namespace SmartMaintenance.Firmware.Tests.Connection;

public sealed class ConnectionSupervisorTests
{
    [Fact]
    public void Tick_HealthyNetwork_GoesWifiMqttSubscribedOnlineAndSendsRetainedBirth()
    {
        var rig = new SupervisorRig();
        rig.Supervisor.Open();

        var states = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            rig.Supervisor.Tick();
            states.Add(rig.Supervisor.State);
        }

        Assert.Equal([SupervisorState.ConnectingMqtt, SupervisorState.Subscribing, SupervisorState.Online, SupervisorState.Online], states);
        Assert.Equal(["sm/v1/plant-1/dev-1/config"], rig.Transport.Subscriptions);
        var birth = Assert.Single(rig.Transport.Published);
        Assert.Equal("sm/v1/plant-1/dev-1/status", birth.Topic);
        Assert.True(birth.Retain);
        Assert.Contains("\"on\":1", birth.Payload);
    }

    [Fact]
    public void Tick_BrokerDown_OutboxFillsThenReconnectReplaysInOrder()
    {
        var rig = new SupervisorRig();
        rig.Transport.BrokerUp = false;
        rig.Supervisor.Open();
        rig.Run(5000);
        rig.Sample(10);

        Assert.NotEqual(SupervisorState.Online, rig.Supervisor.State);
        Assert.Equal(10, rig.Outbox.Count);

        rig.Transport.BrokerUp = true;
        rig.Run(20_000);
        rig.Transport.AckAll();
        rig.Run(100);
        rig.Transport.AckAll();

        Assert.Equal(SupervisorState.Online, rig.Supervisor.State);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), rig.TelemetrySequences());
        Assert.Equal(0, rig.Outbox.Count);
    }

    [Fact]
    public void OnConnectionClosed_WithUnacknowledgedMessages_ResendsThemInOrderAfterReconnect()
    {
        var rig = new SupervisorRig();
        rig.Supervisor.Open();
        rig.Run(300);
        rig.Sample(5);
        rig.Supervisor.Tick();   // five sent, none acknowledged

        rig.Transport.Drop();
        Assert.Equal(SupervisorState.BackingOff, rig.Supervisor.State);
        rig.Transport.Published.Clear();
        rig.Run(10_000);

        Assert.Equal(SupervisorState.Online, rig.Supervisor.State);
        Assert.Equal([0L, 1, 2, 3, 4], rig.TelemetrySequences());
        Assert.Equal(1, rig.Supervisor.Disconnects);
    }

    [Fact]
    public void Tick_BrokerRefusesRepeatedly_WaitsWithGrowingJitteredBackoff()
    {
        var rig = new SupervisorRig();
        rig.Transport.BrokerUp = false;
        rig.Supervisor.Open();

        rig.Run(60_000);

        // Without backoff a 100 ms loop would try 600 times; with base 1 s and cap 8 s, about 60 s / 4 s on average.
        Assert.InRange(rig.Transport.Opens, 8, 40);
    }

    [Fact]
    public void Close_CalledTwice_IsHarmlessAndReconnectOpensAgain()
    {
        var rig = new SupervisorRig();
        rig.Supervisor.Open();
        rig.Run(500);

        rig.Supervisor.Close();
        rig.Supervisor.Close();

        Assert.Equal(SupervisorState.Closed, rig.Supervisor.State);
        Assert.Equal(1, rig.Transport.Closes);

        rig.Supervisor.Reconnect();
        rig.Run(500);

        Assert.Equal(SupervisorState.Online, rig.Supervisor.State);
        Assert.Equal(2, rig.Transport.Opens);
    }

    [Fact]
    public void Tick_BrokerAwayLongerThanFallbackTime_PostsBatchTheCloudContractReads()
    {
        var rig = new SupervisorRig();
        rig.Transport.BrokerUp = false;
        rig.Supervisor.Open();
        rig.Sample(5);

        rig.Run(119_000);
        Assert.Empty(rig.Http.Bodies);

        rig.Run(2_000);

        var body = Assert.Single(rig.Http.Bodies);
        var batch = JsonSerializer.Deserialize(body, Cloud.ContractsJsonContext.Default.IngestBatch)!;
        Assert.Equal([0L, 1, 2, 3, 4], batch.Items.Select(i => i.Sequence));
        Assert.All(batch.Items, i =>
        {
            Assert.Equal("plant-1", i.Site);
            Assert.Equal("dev-1", i.DeviceId);
            Assert.Equal(i.Sequence, i.Message.Sequence);
            Assert.Equal($"dev-1-{i.Sequence}", i.CorrelationId);
        });
        Assert.Equal(rig.Clock.UtcNowMs / 1000, batch.Items[0].ReceivedAt.ToUnixTimeMilliseconds() / 1000, 1.0);
        Assert.Equal(0, rig.Outbox.Count);
        Assert.Equal(5, rig.Supervisor.HttpMessages);
    }

    [Fact]
    public void Tick_HttpFallbackRefused_KeepsMessagesAndRetriesLater()
    {
        var rig = new SupervisorRig();
        rig.Http.Status = 503;
        rig.Transport.BrokerUp = false;
        rig.Supervisor.Open();
        rig.Sample(3);

        rig.Run(125_000);

        Assert.Single(rig.Http.Bodies);
        Assert.Equal(3, rig.Outbox.Count);
        rig.Run(10_000);
        Assert.Equal(2, rig.Http.Bodies.Count);
    }

    [Fact]
    public void OnMessageReceived_ValidConfig_IsAppliedAndAcknowledgedWithItsVersion()
    {
        var rig = new SupervisorRig();
        rig.Supervisor.Open();
        rig.Run(300);

        rig.Transport.Deliver("sm/v1/plant-1/dev-1/config", """{"v":1,"cfg":7,"zk":4.5,"zh":1,"wu":50,"sp":250,"sum":30}""");
        rig.Run(100);

        Assert.Equal(7, rig.Settings.Version);
        Assert.Equal(4.5f, rig.Settings.ZThreshold);
        Assert.Equal(30, rig.Settings.SummaryPeriodSeconds);
        var ack = rig.Transport.Published.Single(p => p.Topic == "sm/v1/plant-1/dev-1/config/ack");
        var parsed = JsonSerializer.Deserialize(ack.Payload, Cloud.ContractsJsonContext.Default.DeviceConfigAck)!;
        Assert.Equal(7, parsed.Version);
        Assert.True(parsed.Applied);
    }

    [Fact]
    public void OnMessageReceived_ValidConfig_RetainedStatusThenReportsFirmwareAndTheRunningConfig()
    {
        var rig = new SupervisorRig();
        rig.Supervisor.Open();
        rig.Run(300);
        var birth = Assert.Single(rig.Transport.Published, p => p.Topic == "sm/v1/plant-1/dev-1/status");
        var boot = JsonSerializer.Deserialize(birth.Payload, Cloud.ContractsJsonContext.Default.DeviceStatusReport)!;
        Assert.Equal(SmartMaintenance.Firmware.Core.FirmwareInfo.Version, boot.FirmwareVersion);
        Assert.Equal(0, boot.ConfigVersion);   // boot defaults: nothing applied yet
        Assert.Equal(new SmartMaintenance.Firmware.Core.Config.DeviceSettings().SamplePeriodMs, boot.SamplePeriodMs);

        rig.Transport.Deliver("sm/v1/plant-1/dev-1/config", """{"v":1,"cfg":7,"zk":4.5,"zh":1,"wu":50,"sp":250,"sum":30,"dis":["temp"]}""");
        rig.Run(100);

        // The broker keeps the newest retained status: it now says what the device runs, in the contract's shape.
        var status = rig.Transport.Published.Last(p => p.Topic == "sm/v1/plant-1/dev-1/status");
        Assert.True(status.Retain);
        Assert.Contains("\"on\":1", status.Payload);
        var reported = JsonSerializer.Deserialize(status.Payload, Cloud.ContractsJsonContext.Default.DeviceStatusReport)!.ToConfig();
        Assert.Equal(7, reported.Version);
        Assert.Equal(4.5, reported.ZThreshold);
        Assert.Equal(1, reported.Hysteresis);
        Assert.Equal(50, reported.WarmupSamples);
        Assert.Equal(250, reported.SamplePeriodMs);
        Assert.Equal(30, reported.SummaryPeriodSeconds);
        Assert.Equal(["temp"], reported.DisabledSensors);
    }

    [Fact]
    public void OnMessageReceived_InvalidConfig_IsRejectedWithReasonAndOldSettingsKept()
    {
        var rig = new SupervisorRig();
        rig.Supervisor.Open();
        rig.Run(300);

        rig.Transport.Deliver("sm/v1/plant-1/dev-1/config", """{"v":1,"cfg":8,"zk":3,"zh":4}""");
        rig.Run(100);

        Assert.Equal(0, rig.Settings.Version);
        Assert.Equal(new SmartMaintenance.Firmware.Core.Config.DeviceSettings().ZThreshold, rig.Settings.ZThreshold);
        Assert.NotEqual(3f, rig.Settings.ZThreshold);   // the rejected message's zk was not applied
        Assert.Equal(0.5f, rig.Settings.Hysteresis);
        var ack = rig.Transport.Published.Single(p => p.Topic.EndsWith("/config/ack"));
        var parsed = JsonSerializer.Deserialize(ack.Payload, Cloud.ContractsJsonContext.Default.DeviceConfigAck)!;
        Assert.Equal(8, parsed.Version);
        Assert.False(parsed.Applied);
        Assert.Contains("zh", parsed.Error);
    }

    [Fact]
    public void Tick_WifiLostWhileOnline_GoesBackThroughWifi()
    {
        var rig = new SupervisorRig();
        rig.Supervisor.Open();
        rig.Run(300);
        var attempts = rig.Link.Attempts;

        rig.Link.Drop();
        rig.Run(10_000);

        Assert.Equal(SupervisorState.Online, rig.Supervisor.State);
        Assert.True(rig.Link.Attempts > attempts);
    }
}
