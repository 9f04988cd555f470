using MQTTnet;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Reliability;

/// <summary>The cloud goes away and comes back: the outbox holds the backlog within its bound and drains it in order.</summary>
public sealed class CloudOutageTests
{
    [Fact]
    public async Task CloudStoppedThenBack_BacklogGrowsThenDrainsInOrderPerDeviceWithoutDuplicates()
    {
        await using var broker = new BrokerFixture(devices: 2);
        await using var cloud = await RecordingCloud.StartAsync(FreePort.Get());
        await broker.StartInProcessAsync(cloud.Url);
        await cloud.StopAsync();
        using var dev1 = await broker.ConnectAsync("dev-1");
        using var dev2 = await broker.ConnectAsync("dev-2");

        for (var seq = 1; seq <= 150; seq++)
        {
            Assert.True((await dev1.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"), BrokerFixture.Reading("dev-1", seq)))).IsSuccess);
            Assert.True((await dev2.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-2"), BrokerFixture.Reading("dev-2", seq)))).IsSuccess);
        }

        await Eventually.WaitForAsync(() => Task.FromResult(broker.Metrics.ForwardFailures), n => n >= 2, TimeSpan.FromSeconds(10), "failed forward attempts");
        Assert.Equal(300, broker.Metrics.QueueDepth);
        Assert.InRange(broker.Metrics.OutboxBytes, 1, 512L * 1024 * 1024);
        Assert.Empty(cloud.Stored);

        await cloud.StartAsync();

        await Eventually.WaitForAsync(() => Task.FromResult(cloud.Stored.Count), n => n == 300, TimeSpan.FromSeconds(30), "the backlog at the cloud");
        await Eventually.WaitForAsync(() => Task.FromResult(broker.Metrics.QueueDepth), n => n == 0, TimeSpan.FromSeconds(10), "an empty outbox");
        foreach (var device in new[] { "dev-1", "dev-2" })
        {
            var order = cloud.StoredOrder.Where(k => k.Device == device).Select(k => k.Sequence).ToList();
            Assert.Equal(Enumerable.Range(1, 150).Select(i => (long)i), order);
        }

        // A clean outage refuses the connection, so no batch can have reached the cloud unanswered: nothing re-sent.
        Assert.Empty(cloud.Resent);
        Assert.Equal(300, cloud.Received.Count);
    }

    [Fact]
    public async Task TinyDiskCap_CloudDown_DropsOldestCountsRaisesAlarmAndKeepsServing()
    {
        await using var broker = new BrokerFixture(devices: 1);
        var deadCloud = $"http://127.0.0.1:{FreePort.Get()}";
        // The cloud never comes back here: a short drain keeps the shutdown of this test fast.
        await broker.StartInProcessAsync(deadCloud, "--Broker:Outbox:SegmentBytes=4096", "--Broker:Outbox:MaxBytes=16384", "--Broker:Outbox:WhenFull=DropOldest",
            "--Broker:Cloud:DrainTimeout=00:00:00.200");
        using var client = await broker.ConnectAsync("dev-1");

        for (var seq = 1; seq <= 400; seq++)
        {
            Assert.True((await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"), BrokerFixture.Reading("dev-1", seq)))).IsSuccess);
        }

        Assert.True(broker.Metrics.OutboxDroppedReadings > 0);
        Assert.True(broker.Metrics.OutboxAlarm);
        Assert.InRange(broker.Metrics.OutboxBytes, 1, 16384 + 4096);
        Assert.Equal(400, broker.Metrics.QueueDepth + broker.Metrics.OutboxDroppedReadings);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{broker.HttpPort}") };
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("sm_broker_outbox_full_alarm 1", metrics);
        Assert.Contains($"sm_broker_outbox_dropped_total {broker.Metrics.OutboxDroppedReadings}", metrics);
        var ready = await http.GetAsync("/health/ready");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var after = await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"), BrokerFixture.Reading("dev-1", 401)));
        Assert.True(after.IsSuccess);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task OutboxAtItsThreshold_RefuseNew_RefusesNewTelemetryWith0x97_DropsNothing_AcceptsAgainOnceDrained()
    {
        await using var broker = new BrokerFixture(devices: 1);
        await using var cloud = await RecordingCloud.StartAsync(FreePort.Get());
        // 16 KiB cap, 4 KiB segments: new telemetry is refused from 8 KiB (the cap less half of it as headroom).
        await broker.StartInProcessAsync(cloud.Url, "--Broker:Outbox:SegmentBytes=4096", "--Broker:Outbox:MaxBytes=16384", "--Broker:Outbox:WhenFull=RefuseNew");
        await cloud.StopAsync();
        using var client = await broker.ConnectAsync("dev-1");

        var accepted = 0;
        MQTTnet.MqttClientPublishResult? refused = null;
        for (var seq = 1; seq <= 400 && refused is null; seq++)
        {
            var result = await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"), BrokerFixture.Reading("dev-1", seq)));
            if (result.IsSuccess)
            {
                accepted++;
            }
            else
            {
                refused = result;
            }
        }

        // Refused, not acknowledged-then-dropped: every acknowledged reading is still in the outbox.
        Assert.NotNull(refused);
        Assert.Equal(MQTTnet.MqttClientPublishReasonCode.QuotaExceeded, refused.ReasonCode);
        Assert.InRange(accepted, 1, 399);
        Assert.Equal(0, broker.Metrics.OutboxDroppedReadings);
        Assert.Equal(accepted, broker.Metrics.QueueDepth);
        Assert.Equal(1, broker.Metrics.RefusedWhileOutboxFull);
        Assert.Equal(0, broker.Metrics.DeadLetters);
        Assert.True(broker.Metrics.OutboxAlarm);
        Assert.True(client.IsConnected);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{broker.HttpPort}") };
        Assert.Contains("sm_broker_refused_outbox_full_total 1", await http.GetStringAsync("/metrics"));

        // The cloud comes back: the backlog drains and the refused reading, resent by the device, is accepted.
        await cloud.StartAsync();
        await Eventually.WaitForAsync(() => Task.FromResult(broker.Metrics.QueueDepth), n => n == 0, TimeSpan.FromSeconds(30), "an empty outbox");
        var resent = await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"), BrokerFixture.Reading("dev-1", accepted + 1)));
        Assert.True(resent.IsSuccess, $"after the drain: {resent.ReasonCode}");
        await Eventually.WaitForAsync(() => Task.FromResult(cloud.Stored.Count), n => n == accepted + 1, TimeSpan.FromSeconds(30), "every reading at the cloud");
    }
}
