using Microsoft.Extensions.DependencyInjection;
using NATS.Client.JetStream;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Metrics;
using SmartMaintenance.TestSupport;
using static SmartMaintenance.Cloud.Agents.Tests.Bus.JetStream.JetStreamTestEvents;

namespace SmartMaintenance.Cloud.Agents.Tests.Bus.JetStream;

/// <summary>
/// The JetStream transport against a real nats-server: the delivery contract of IEventTransport across instances,
/// acknowledgement after success, dead letters and replay, partition leases and their takeover.
/// </summary>
public sealed class JetStreamTransportTests(NatsServerFixture nats) : IClassFixture<NatsServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly string[] Sensors = [.. Enumerable.Range(0, 13).Select(i => "s" + i)];

    private Task<JetStreamInstance> StartAsync(string prefix, string name, DeliveryLog log, PipelineDefinition? pipeline = null, int maxAttempts = 3) =>
        JetStreamInstance.StartAsync(nats.Server.Url, prefix, name, pipeline ?? PerSensor(), s =>
        {
            s.AddSingleton(log);
            s.AddSingleton(new InstanceName(name));
            s.AddSingleton<LoggingHandler>();
        }, maxAttempts);

    private static async Task PublishAllAsync(IEventBus bus, int perSensor, int first = 0)
    {
        for (var seq = first; seq < first + perSensor; seq++)
        {
            foreach (var sensor in Sensors)
            {
                await bus.PublishAsync(Validated(sensor, seq));
            }
        }
    }

    private static void AssertEachOnceInOrder(DeliveryLog log, int perSensor)
    {
        var handled = log.Handled.ToList();
        Assert.Equal(Sensors.Length * perSensor, handled.Count);
        Assert.Equal(handled.Count, handled.Select(h => h.EventId).Distinct().Count());
        foreach (var sensor in Sensors)
        {
            Assert.Equal(Enumerable.Range(0, perSensor).Select(i => (long)i), handled.Where(h => h.Sensor == sensor).Select(h => h.Seq));
        }

        Assert.Equal(0, log.Overlaps);
    }

    private static Task WaitForAsync(DeliveryLog log, int count, string what) =>
        Eventually.WaitForAsync(() => Task.FromResult(log.Handled.Count), n => n >= count, Patience, what);

    /// <summary>Waits until the instances together hold every partition, each exactly once.</summary>
    private static Task WaitForSplitAsync(IReadOnlyList<JetStreamInstance> instances, int partitions = JetStreamInstance.Partitions) =>
        Eventually.WaitForAsync(() => Task.FromResult(instances.Select(i => i.Owned(SubscriptionName)).ToList()),
            owned => owned.All(o => o.Count > 0) && owned.SelectMany(o => o).Order().SequenceEqual(Enumerable.Range(0, partitions)),
            Patience, "the partitions split between the instances, each held once");

    [Fact]
    public async Task Publish_PerSensorOneInstance_EverySensorsEventsOnceInOrderNeverConcurrent()
    {
        var log = new DeliveryLog();
        await using var instance = await StartAsync(NatsServerFixture.NewPrefix(), "a", log);
        await WaitForSplitAsync([instance]);

        await PublishAllAsync(instance.Bus, perSensor: 30);

        await WaitForAsync(log, Sensors.Length * 30, "every event");
        AssertEachOnceInOrder(log, 30);
        Assert.Equal("JetStream", instance.Ownership.Status().Transport);
        Assert.Equal([0, 1, 2, 3], instance.Owned(SubscriptionName));
        Assert.Equal(JetStreamInstance.Partitions, instance.Ownership.PartitionsOf(PerSensor().Subscriptions[0]));
    }

    [Fact]
    public async Task Publish_HandlerFailsEveryAttempt_DeadLetteredAckedThenReplayDeliversInsideTheDuplicateWindow()
    {
        var log = new DeliveryLog { Fail = true };
        await using var instance = await StartAsync(NatsServerFixture.NewPrefix(), "a", log, Total(), maxAttempts: 3);
        await WaitForSplitAsync([instance], partitions: 1);
        var store = instance.Harness.Get<IDeadLetterStore>();

        await instance.Bus.PublishAsync(Validated("bad", 1));

        var letters = await Eventually.WaitForAsync(() => store.ListAsync(false, 10, CancellationToken.None), l => l.Count == 1, Patience, "a dead letter");
        Assert.Equal(3, letters[0].Attempts);
        Assert.Equal("bad/1", letters[0].EventId);
        Assert.Equal(3, log.Started.Count); // the dispatcher's three attempts, then acknowledged: the server does not send it again
        var transport = instance.Harness.Get<IEventTransport>();
        await Eventually.WaitForAsync(() => Task.FromResult(transport.Depths.GetValueOrDefault(SubscriptionName, -1)), d => d == 0, Patience, "the stream emptied by the ack");
        Assert.Equal(3, log.Started.Count);

        // Replayed a moment later, well inside the 2-minute duplicate window: still delivered.
        log.Fail = false;
        Assert.Equal(ReplayOutcome.Replayed, await instance.Harness.Get<DeadLetterReplayer>().ReplayAsync(letters[0].Id, CancellationToken.None));
        await WaitForAsync(log, 1, "the replayed event");
        Assert.Equal("bad/1", Assert.Single(log.Handled).EventId);
    }

    [Theory]
    [InlineData("{\"meta\":{\"eventId\":\"x\xff\",\"deviceId\":\"dev-1\",\"correlationId\":\"c\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}}", "text that is not UTF-8")]
    [InlineData("{\"meta\":{\"eventId\":", "cut-off JSON")]
    [InlineData("{\"eventId\":\"x\"}", "JSON without the event's meta")]
    [InlineData("{\"meta\":{\"eventId\":\"x\",\"deviceId\":\"dev-1\",\"correlationId\":\"c\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}}", "a reading event without its reading")]
    public async Task Run_UnreadableMessageOnAPartition_DeadLetteredAndTheNextEventStillDelivered(string payload, string what)
    {
        var log = new DeliveryLog();
        var prefix = NatsServerFixture.NewPrefix();
        await using var instance = await StartAsync(prefix, "a", log, Total());
        await WaitForSplitAsync([instance], partitions: 1);
        var store = instance.Harness.Get<IDeadLetterStore>();
        // Whatever another program wrote to the subject, byte for byte (here: Latin-1, so \xff stays one byte 0xFF).
        await using (var raw = new NATS.Client.Core.NatsConnection(new NATS.Client.Core.NatsOpts { Url = nats.Server.Url }))
        {
            var js = new NatsJSContext(raw);
            var ack = await js.PublishAsync($"{prefix}.ReadingValidated_LoggingHandler.0", System.Text.Encoding.Latin1.GetBytes(payload));
            ack.EnsureSuccess();
        }

        await instance.Bus.PublishAsync(Validated("s1", 1));

        await WaitForAsync(log, 1, $"the event after the {what}");
        var letter = Assert.Single(await store.ListAsync(false, 10, CancellationToken.None));
        Assert.StartsWith($"nats:{prefix}_ReadingValidated_LoggingHandler:", letter.EventId, StringComparison.Ordinal);
        Assert.Equal("s1/1", Assert.Single(log.Handled).EventId);
    }

    [Fact]
    public async Task Publish_SameEventIdTwice_StoredOnceByTheServer()
    {
        var log = new DeliveryLog();
        await using var a = await StartAsync(NatsServerFixture.NewPrefix(), "a", log);
        await WaitForSplitAsync([a]);
        var e = Validated("s1", 1);

        await a.Bus.PublishAsync(e);
        await a.Bus.PublishAsync(e with { }); // a re-publish (e.g. after an acquisition takeover): same Nats-Msg-Id
        await a.Bus.PublishAsync(Validated("s1", 2));

        await WaitForAsync(log, 2, "the two distinct events");
        await Eventually.WaitForAsync(() => Task.FromResult(a.Harness.Get<IEventTransport>().Depths.GetValueOrDefault(SubscriptionName, -1)),
            d => d == 0, Patience, "an empty stream");
        Assert.Equal(["s1/1", "s1/2"], log.Handled.Select(h => h.EventId));
        // Dropped by the server, not by the dispatcher's memory of handled ids:
        var snapshot = a.Harness.Get<AgentMetrics>().Snapshot(DateTimeOffset.UtcNow);
        Assert.True(snapshot.Agents.All(s => s.Duplicates == 0),
            $"the dispatcher saw a repeat; redeliveries {snapshot.Partitions.Sum(p => p.Redeliveries)}, published {string.Join(",", snapshot.EventsPublished)}");
    }

    [Fact]
    public async Task Run_TwoInstances_SplitThePartitionsAndDeliverEachEventOnceInOrder()
    {
        var prefix = NatsServerFixture.NewPrefix();
        var log = new DeliveryLog();
        await using var a = await StartAsync(prefix, "a", log);
        await using var b = await StartAsync(prefix, "b", log);
        await WaitForSplitAsync([a, b]);

        // Both publish: each instance's events reach the partition owner, wherever that is.
        await Task.WhenAll(PublishAllAsync(a.Bus, 20), Task.Run(async () =>
        {
            for (var seq = 20; seq < 40; seq++)
            {
                foreach (var sensor in Sensors)
                {
                    await b.Bus.PublishAsync(Validated(sensor + "-b", seq));
                }
            }
        }));

        await WaitForAsync(log, Sensors.Length * 40, "every event");
        var handled = log.Handled.ToList();
        Assert.Equal(Sensors.Length * 40, handled.Count);
        Assert.Equal(handled.Count, handled.Select(h => h.EventId).Distinct().Count());
        Assert.Equal(0, log.Overlaps);
        foreach (var sensor in Sensors)
        {
            Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), handled.Where(h => h.Sensor == sensor).Select(h => h.Seq));
            Assert.Equal(Enumerable.Range(20, 20).Select(i => (long)i), handled.Where(h => h.Sensor == sensor + "-b").Select(h => h.Seq));
        }

        // Each sensor was handled by exactly one instance: the owner of its partition.
        Assert.All(handled.GroupBy(h => h.Sensor), g => Assert.Single(g.Select(h => h.Instance).Distinct()));
        Assert.Contains(handled, h => h.Instance == "a");
        Assert.Contains(handled, h => h.Instance == "b");
    }

    [Fact]
    public async Task Run_InstanceCrashesWithAnEventInFlight_SurvivorTakesItsPartitionsAndGetsTheEventAgain()
    {
        var prefix = NatsServerFixture.NewPrefix();
        var log = new DeliveryLog();
        await using var a = await StartAsync(prefix, "a", log);
        await using var b = await StartAsync(prefix, "b", log);
        await WaitForSplitAsync([a, b]);
        var aOwns = a.Owned(SubscriptionName);
        var stuck = Sensors.First(s => aOwns.Contains(PartitionKey.PartitionOf(Validated(s, 0), JetStreamInstance.Partitions)));
        log.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await a.Bus.PublishAsync(Validated(stuck, 0));
        await Eventually.WaitForAsync(() => Task.FromResult(log.Started.ToList()), s => s.Contains($"a:{stuck}/0"), Patience, "a holding the event");
        await a.CrashAsync(); // never acknowledged, never released
        var gate = log.Gate;
        log.Gate = null;
        gate.SetResult(); // a's handler call returns only now, long after its connection is gone: no ack reached the server

        await Eventually.WaitForAsync(() => Task.FromResult(b.Owned(SubscriptionName)), o => o.Count == JetStreamInstance.Partitions, Patience,
            "b holding every partition after a's leases expired");
        await PublishAllAsync(b.Bus, 5, first: 1); // after the stuck event (seq 0) in its sensor's order

        await Eventually.WaitForAsync(() => Task.FromResult(log.Handled.Count(h => h.Instance == "b")), n => n >= Sensors.Length * 5 + 1, Patience,
            "b handling the crashed instance's event and the new ones");
        Assert.Equal(1, log.Handled.Count(h => h.Instance == "b" && h.EventId == $"{stuck}/0")); // redelivered to the survivor, once
        Assert.Equal(0, log.Overlaps);
        var redeliveries = b.Harness.Get<AgentMetrics>().Snapshot(DateTimeOffset.UtcNow).Partitions.Sum(p => p.Redeliveries);
        Assert.True(redeliveries >= 1, $"the survivor counts the redelivery (got {redeliveries})");
    }

    [Fact]
    public async Task Run_HandlerOutlastsAckWait_InProgressReportsKeepTheEventFromRedelivery()
    {
        var log = new DeliveryLog { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var a = await StartAsync(NatsServerFixture.NewPrefix(), "a", log);
        await WaitForSplitAsync([a]);

        await a.Bus.PublishAsync(Validated("s1", 1));
        await Eventually.WaitForAsync(() => Task.FromResult(log.Started.Count), n => n == 1, Patience, "the handler to hold the event");
        // The input of this test is time: the handler holds the event for three AckWaits (AckWait = LeaseTtl = 1.5 s);
        // without the transport's "in progress" reports the server would hand it out again meanwhile.
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        var gate = log.Gate;
        log.Gate = null;
        gate!.SetResult();
        // The next event of the same partition comes only after the first was acknowledged, and after any copy of it.
        await a.Bus.PublishAsync(Validated("s1", 2));

        await WaitForAsync(log, 2, "both events");
        Assert.Equal(["s1/1", "s1/2"], log.Handled.Select(h => h.EventId));
        var snapshot = a.Harness.Get<AgentMetrics>().Snapshot(DateTimeOffset.UtcNow);
        Assert.Equal(0L, snapshot.Partitions.Sum(p => p.Redeliveries));
        Assert.True(snapshot.Agents.All(s => s.Duplicates == 0), "the server handed the held event out again");
    }

    [Fact]
    public async Task Run_SecondInstanceJoins_PartitionsMoveAfterDrainingAndNothingIsLostOrRepeated()
    {
        var prefix = NatsServerFixture.NewPrefix();
        var log = new DeliveryLog();
        await using var a = await StartAsync(prefix, "a", log);
        await WaitForSplitAsync([a]);
        var publishing = PublishAllAsync(a.Bus, 60);

        await using var b = await StartAsync(prefix, "b", log); // joins mid-stream
        await WaitForSplitAsync([a, b]);
        await publishing;

        await WaitForAsync(log, Sensors.Length * 60, "every event");
        AssertEachOnceInOrder(log, 60);
    }

    [Fact]
    public async Task Run_InstanceStopsGracefully_ItsPartitionsAreReleasedNotLeftToExpire()
    {
        var prefix = NatsServerFixture.NewPrefix();
        var log = new DeliveryLog();
        await using var a = await StartAsync(prefix, "a", log);
        await using var b = await StartAsync(prefix, "b", log);
        await WaitForSplitAsync([a, b]);

        await a.StopAsync();

        Assert.Empty(a.Owned(SubscriptionName));
        Assert.Equal("stopped", a.Ownership.Status().LeaseState);
        await Eventually.WaitForAsync(() => Task.FromResult(b.Owned(SubscriptionName)), o => o.Count == JetStreamInstance.Partitions, Patience, "b holding every partition");
        await PublishAllAsync(b.Bus, 3);
        await WaitForAsync(log, Sensors.Length * 3, "every event");
        AssertEachOnceInOrder(log, 3);
    }
}
