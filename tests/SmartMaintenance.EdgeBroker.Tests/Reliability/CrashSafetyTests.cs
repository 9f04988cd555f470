using System.Collections.Concurrent;
using MQTTnet;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Reliability;

/// <summary>
/// kill -9 of the broker process while a device publishes QoS 1 with a window in flight: after a restart every
/// reading the broker acknowledged reaches the cloud, stored once. This is the proof that MQTTnet's PUBACK leaves
/// only after the outbox fsync (see AckGate): if it did not, acknowledged readings would be missing.
/// </summary>
public sealed class CrashSafetyTests
{
    [Fact]
    public async Task KillDashNine_MidStream_EveryAcknowledgedReadingIsForwardedOnce()
    {
        await using var broker = new BrokerFixture(devices: 1);
        await using var cloud = await RecordingCloud.StartAsync(FreePort.Get());
        var acknowledged = new ConcurrentBag<long>();

        using (var process = await BrokerProcess.StartAsync(broker, cloud.Url))
        {
            using var client = await broker.ConnectAsync("dev-1");
            using var stop = new CancellationTokenSource();
            var publishing = PublishUntilBrokenAsync(client, acknowledged, stop.Token);
            await Eventually.WaitForAsync(() => Task.FromResult(acknowledged.Count), n => n >= 400, TimeSpan.FromSeconds(30), "400 acknowledged readings");

            process.KillHard();
            await stop.CancelAsync();
            await publishing;
        }

        using (await BrokerProcess.StartAsync(broker, cloud.Url))
        {
            var expected = acknowledged.ToHashSet();
            await Eventually.WaitForAsync(() => Task.FromResult(cloud.Stored.Keys.Select(k => k.Sequence).ToHashSet()),
                stored => stored.IsSupersetOf(expected), TimeSpan.FromSeconds(30), $"all {expected.Count} acknowledged readings at the cloud");
            Assert.All(cloud.Stored.Values, count => Assert.Equal(1, count));
            Assert.True(cloud.Stored.Count >= expected.Count);
        }
    }

    /// <summary>A device with 20 QoS 1 publishes in flight, recording each sequence the broker acknowledged.</summary>
    private static async Task PublishUntilBrokenAsync(IMqttClient client, ConcurrentBag<long> acknowledged, CancellationToken stop)
    {
        var inFlight = new List<Task>();
        try
        {
            for (long seq = 1; !stop.IsCancellationRequested; seq++)
            {
                var s = seq;
                inFlight.Add(PublishOneAsync(client, s, acknowledged));
                if (inFlight.Count >= 20)
                {
                    var done = await Task.WhenAny(inFlight);
                    inFlight.Remove(done);
                    await done;
                }
            }
        }
        catch (Exception)
        {
            // The broker died: publishing stops. Only acknowledgements received matter.
        }

        try
        {
            await Task.WhenAll(inFlight);
        }
        catch (Exception)
        {
        }
    }

    private static async Task PublishOneAsync(IMqttClient client, long seq, ConcurrentBag<long> acknowledged)
    {
        var result = await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"), BrokerFixture.Reading("dev-1", seq)));
        if (result.IsSuccess)
        {
            acknowledged.Add(seq);
        }
    }
}
