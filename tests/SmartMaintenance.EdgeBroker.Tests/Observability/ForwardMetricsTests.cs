using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Observability;

/// <summary>GET /metrics after real forwarding: what went out, by kind, and the batch round trips.</summary>
public sealed class ForwardMetricsTests
{
    [Fact]
    public async Task Metrics_AfterForwardingEachKind_CountsMessagesOutByKindAndBatchRoundTrips()
    {
        await using var broker = new BrokerFixture(devices: 1);
        await using var cloud = await RecordingCloud.StartAsync(FreePort.Get());
        cloud.RejectSensor = "bad-sensor";
        await broker.StartInProcessAsync(cloud.Url);
        using var client = await broker.ConnectAsync("dev-1");
        var topic = BrokerFixture.Telemetry("dev-1");
        string[] payloads =
        [
            BrokerFixture.Reading("dev-1", 1),
            BrokerFixture.Reading("dev-1", 2).Replace("\"k\":\"r\"", "\"k\":\"a\""),
            BrokerFixture.Reading("dev-1", 3).Replace("\"k\":\"r\"", "\"k\":\"s\""),
            BrokerFixture.Reading("dev-1", 4).Replace("\"k\":\"r\"", "\"k\":\"s\""),
            // Rejected by the cloud item by item: dead-lettered, not counted as out.
            BrokerFixture.Reading("dev-1", 5).Replace("\"sid\":\"air-temp\"", "\"sid\":\"bad-sensor\""),
        ];
        foreach (var payload in payloads)
        {
            Assert.True((await client.PublishAsync(BrokerFixture.Message(topic, payload))).IsSuccess);
        }

        await Eventually.WaitForAsync(() => Task.FromResult(broker.Metrics.QueueDepth), n => n == 0, TimeSpan.FromSeconds(10), "everything forwarded");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{broker.HttpPort}") };
        var metrics = await http.GetStringAsync("/metrics");

        Assert.Contains("sm_broker_messages_out_total{kind=\"reading\"} 1\n", metrics);
        Assert.Contains("sm_broker_messages_out_total{kind=\"anomaly\"} 1\n", metrics);
        Assert.Contains("sm_broker_messages_out_total{kind=\"summary\"} 2\n", metrics);
        Assert.Contains("sm_broker_forward_rejected_total 1\n", metrics);
        var batches = broker.Metrics.BatchLatency.Count;
        Assert.InRange(batches, 1, 5);
        Assert.Contains($"sm_broker_forward_batch_seconds_count {batches}\n", metrics);
        Assert.Contains($"sm_broker_forward_batches_total {batches}\n", metrics);
    }
}
