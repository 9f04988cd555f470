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
        await broker.StartInProcessAsync(deadCloud, "--Broker:Outbox:SegmentBytes=4096", "--Broker:Outbox:MaxBytes=16384", "--Broker:Cloud:DrainTimeout=00:00:00.200");
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
}
