using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using SmartMaintenance.EdgeBroker.Outbox;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Reliability;

/// <summary>
/// The outbox cannot write (a full disk, injected through the writer's seam) while a device has several QoS 1
/// readings in flight: none of them is acknowledged, and when the device resends them they are stored, not
/// taken for redeliveries of readings the broker never kept.
/// </summary>
public sealed class OutboxWriteFailureTests
{
    [Fact]
    public async Task Publish_OutboxWriteFailsWithSeveralInFlight_ResendsAreStored()
    {
        await using var broker = new BrokerFixture(devices: 1);
        await using var cloud = await RecordingCloud.StartAsync(FreePort.Get());
        await broker.StartInProcessAsync(cloud.Url);
        var outbox = broker.App.Services.GetRequiredService<DurableOutbox>();
        var failing = true;
        outbox.BeforeGroupFlush = stream =>
        {
            if (Volatile.Read(ref failing))
            {
                stream.Write(new byte[] { 0x7F, 0, 0, 0, 1, 2, 3 });
                throw new IOException("No space left on device (injected)");
            }
        };
        var topic = BrokerFixture.Telemetry("dev-1");

        using (var client = await broker.ConnectAsync("dev-1"))
        {
            // Five readings in flight at once; the broker withholds every PUBACK, so each publish ends by its timeout.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            var inFlight = Enumerable.Range(1, 5)
                .Select(seq => client.PublishAsync(BrokerFixture.Message(topic, BrokerFixture.Reading("dev-1", seq)), timeout.Token))
                .ToList();
            foreach (var publish in inFlight)
            {
                // MQTTnet reports the cancelled wait for a PUBACK as a communication timeout.
                await Assert.ThrowsAnyAsync<MQTTnet.Exceptions.MqttCommunicationException>(() => publish);
            }

            Assert.True(broker.Metrics.OutboxWriteFailures >= 1);
            Assert.Equal(0, broker.Metrics.QueueDepth);

            // The disk is back; the device goes on with its next reading before it replays the failed ones.
            Volatile.Write(ref failing, false);
            Assert.True((await client.PublishAsync(BrokerFixture.Message(topic, BrokerFixture.Reading("dev-1", 6)))).IsSuccess);
            await client.DisconnectAsync(new MqttClientDisconnectOptions());
        }

        // The device reconnects and replays its unacknowledged readings (1-5) and, to be sure, 6.
        using (var client = await broker.ConnectAsync("dev-1"))
        {
            for (var seq = 1; seq <= 6; seq++)
            {
                Assert.True((await client.PublishAsync(BrokerFixture.Message(topic, BrokerFixture.Reading("dev-1", seq)))).IsSuccess);
            }
        }

        await Eventually.WaitForAsync(() => Task.FromResult(cloud.Stored.Count), n => n >= 6, TimeSpan.FromSeconds(10), "six readings at the cloud");
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), cloud.Stored.Keys.Select(k => k.Sequence).Order());
        // Only the replay of 6 was a redelivery; 1-5 were stored on their resend.
        Assert.Equal(1, broker.Metrics.Duplicates);
    }
}
