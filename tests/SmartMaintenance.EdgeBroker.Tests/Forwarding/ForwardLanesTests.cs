using MQTTnet;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Forwarding;

/// <summary>
/// Several forwarding lanes, each with a batch in flight, and a cloud whose answers take a random time, so batches
/// of different lanes overtake each other: every device's readings still arrive in order, none lost or repeated.
/// </summary>
public sealed class ForwardLanesTests
{
    [Fact]
    public async Task Forward_FourLanesAndAnswersOutOfOrder_KeepsEachDevicesOrder()
    {
        const int devices = 8, perDevice = 150;
        await using var broker = new BrokerFixture(devices);
        await using var cloud = await RecordingCloud.StartAsync(FreePort.Get());
        var latency = new Random(20261201);
        cloud.Latency = () =>
        {
            lock (latency)
            {
                return TimeSpan.FromMilliseconds(latency.Next(0, 60));
            }
        };
        // Small batches, so each device's readings span many of them.
        await broker.StartInProcessAsync(cloud.Url, "--Broker:Cloud:ForwardLanes=4", "--Broker:Cloud:BatchSize=10");
        var clients = new List<IMqttClient>();
        for (var d = 1; d <= devices; d++)
        {
            clients.Add(await broker.ConnectAsync($"dev-{d}"));
        }

        // All devices publish at once, each with up to 10 readings in flight.
        await Task.WhenAll(clients.Select((client, i) => PublishAsync(client, $"dev-{i + 1}", perDevice)));

        await Eventually.WaitForAsync(() => Task.FromResult(cloud.Stored.Count), n => n == devices * perDevice, TimeSpan.FromSeconds(60), "every reading at the cloud");
        await Eventually.WaitForAsync(() => Task.FromResult(broker.Metrics.QueueDepth), n => n == 0, TimeSpan.FromSeconds(10), "an empty outbox");
        for (var d = 1; d <= devices; d++)
        {
            var order = cloud.StoredOrder.Where(k => k.Device == $"dev-{d}").Select(k => k.Sequence).ToList();
            Assert.Equal(Enumerable.Range(1, perDevice).Select(i => (long)i), order);
        }

        Assert.Empty(cloud.Resent);
        Assert.True(cloud.MaxConcurrentBatches > 1, $"lanes overlapped at most {cloud.MaxConcurrentBatches} batch(es)");
        Assert.True(cloud.MaxConcurrentBatches <= 4, $"{cloud.MaxConcurrentBatches} batches at once with 4 lanes");
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    private static async Task PublishAsync(IMqttClient client, string device, int count)
    {
        var inFlight = new List<Task<MqttClientPublishResult>>();
        for (var seq = 1; seq <= count; seq++)
        {
            inFlight.Add(client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry(device), BrokerFixture.Reading(device, seq))));
            if (inFlight.Count == 10)
            {
                Assert.All(await Task.WhenAll(inFlight), r => Assert.True(r.IsSuccess));
                inFlight.Clear();
            }
        }

        Assert.All(await Task.WhenAll(inFlight), r => Assert.True(r.IsSuccess));
    }
}
