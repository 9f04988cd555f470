using Microsoft.Extensions.DependencyInjection;
using SmartMaintenance.TestSupport;
using static SmartMaintenance.Cloud.Agents.Tests.Bus.JetStream.JetStreamTestEvents;

namespace SmartMaintenance.Cloud.Agents.Tests.Bus.JetStream;

/// <summary>A nats-server restarted while events are being published and consumed: none is lost, none acts twice.</summary>
public sealed class JetStreamServerRestartTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Run_ServerRestartedMidStream_EveryEventDeliveredOnceInOrder()
    {
        await using var server = await NatsServer.StartAsync();
        var log = new DeliveryLog();
        await using var instance = await JetStreamInstance.StartAsync(server.Url, NatsServerFixture.NewPrefix(), "a", PerSensor(), s =>
        {
            s.AddSingleton(log);
            s.AddSingleton(new InstanceName("a"));
            s.AddSingleton<LoggingHandler>();
        });
        await Eventually.WaitForAsync(() => Task.FromResult(instance.Owned(SubscriptionName).Count), n => n == JetStreamInstance.Partitions,
            Patience, "the instance holding every partition");
        string[] sensors = ["s0", "s1", "s2", "s3", "s4", "s5", "s6"];
        const int perSensor = 60;
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var publishing = Task.Run(async () =>
        {
            for (var seq = 0; seq < perSensor; seq++)
            {
                if (seq == perSensor / 2)
                {
                    halfway.SetResult();
                }

                foreach (var sensor in sensors)
                {
                    await instance.Bus.PublishAsync(Validated(sensor, seq)); // waits (retrying) while the server is away
                }
            }
        });

        await halfway.Task.WaitAsync(Patience);
        await server.RestartAsync();
        await publishing.WaitAsync(Patience);

        await Eventually.WaitForAsync(() => Task.FromResult(log.Handled.Count), n => n >= sensors.Length * perSensor, Patience, "every event");
        var handled = log.Handled.ToList();
        Assert.Equal(sensors.Length * perSensor, handled.Count);
        Assert.Equal(handled.Count, handled.Select(h => h.EventId).Distinct().Count());
        foreach (var sensor in sensors)
        {
            Assert.Equal(Enumerable.Range(0, perSensor).Select(i => (long)i), handled.Where(h => h.Sensor == sensor).Select(h => h.Seq));
        }

        Assert.Equal(0, log.Overlaps);
    }
}
