using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.Bus;

/// <summary>The in-process transport's delivery contract (see IEventTransport), without handlers or a database.</summary>
public sealed class ChannelEventTransportTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly Subscription PerSensor = new(typeof(ReadingValidated), typeof(SensorRecorder), Ordering.PerSensor);
    private static readonly Subscription Total = new(typeof(ReadingValidated), typeof(SensorRecorder));

    private static ChannelEventTransport Transport(int capacity = 10_000, int partitions = 4) =>
        new(Options.Create(new EventBusOptions { QueueCapacity = capacity, Partitions = partitions }));

    private static ReadingValidated Validated(string sensor, long seq) =>
        new(new EventMeta($"{sensor}-{seq}", "dev-1", "corr-1", DateTimeOffset.UnixEpoch),
            new SensorReading(seq, "dev-1", sensor, "vibration", "mm/s", "reading", seq, DateTimeOffset.UnixEpoch.AddSeconds(seq)));

    /// <summary>Two sensors of dev-1 that the partition key puts on different partitions.</summary>
    private static (string A, string B) SensorsOnDifferentPartitions(int partitions)
    {
        var a = PartitionKey.PartitionOf(Validated("s0", 0), partitions);
        var b = Enumerable.Range(1, 100).Select(i => "s" + i).First(s => PartitionKey.PartitionOf(Validated(s, 0), partitions) != a);
        return ("s0", b);
    }

    [Fact]
    public async Task Run_PerSensorWhileASensorsEventIsHeld_ItsLaterEventsWaitInOrderOthersFlow()
    {
        const int sensors = 13, perSensor = 20; // 13: not a multiple of the partitions, so sensors spread unevenly
        var transport = Transport(partitions: 4);
        var held = Validated("s0", 0);
        var release = new TaskCompletionSource();
        var heldStarted = new TaskCompletionSource();
        var delivered = new ConcurrentQueue<(string Sensor, long Seq)>();
        var inFlight = new ConcurrentDictionary<string, int>();
        var overlaps = 0;
        var heldPartition = PartitionKey.PartitionOf(held, 4);
        var elsewhere = Enumerable.Range(0, sensors).Select(i => "s" + i)
            .Count(s => PartitionKey.PartitionOf(Validated(s, 0), 4) != heldPartition) * perSensor;
        using var stop = new CancellationTokenSource();
        var running = transport.RunAsync([PerSensor], async (_, e, _) =>
        {
            var reading = ((ReadingValidated)e).Reading;
            if (inFlight.AddOrUpdate(reading.SensorId, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            if (ReferenceEquals(e, held))
            {
                heldStarted.SetResult();
                await release.Task;
            }

            delivered.Enqueue((reading.SensorId, reading.ReadingId));
            inFlight.AddOrUpdate(reading.SensorId, 0, (_, n) => n - 1);
        }, stop.Token);

        await transport.EnqueueAsync(PerSensor, held, CancellationToken.None);
        await heldStarted.Task.WaitAsync(Patience);
        for (var seq = 0; seq < perSensor; seq++)
        {
            for (var s = 0; s < sensors; s++)
            {
                if (s != 0 || seq != 0)
                {
                    await transport.EnqueueAsync(PerSensor, Validated("s" + s, seq), CancellationToken.None);
                }
            }
        }

        var waitingPartitions = await Eventually.WaitForAsync(() => Task.FromResult(delivered.Count), n => n >= elsewhere, Patience,
            "the sensors of the other partitions");
        Assert.Equal(elsewhere, waitingPartitions);
        Assert.DoesNotContain(delivered, d => d.Sensor == "s0");
        release.SetResult();
        await Eventually.WaitForAsync(() => Task.FromResult(delivered.Count), n => n == sensors * perSensor, Patience, "every event");
        stop.Cancel();
        await running;
        Assert.Equal(0, overlaps);
        Assert.All(delivered.GroupBy(d => d.Sensor), g => Assert.Equal(Enumerable.Range(0, perSensor).Select(i => (long)i), g.Select(d => d.Seq)));
    }

    [Fact]
    public async Task Run_PerSensorWhileOneSensorIsBusy_OtherPartitionDelivered()
    {
        var transport = Transport(partitions: 2);
        var (busy, other) = SensorsOnDifferentPartitions(2);
        var release = new TaskCompletionSource();
        var otherDelivered = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();
        var running = transport.RunAsync([PerSensor], async (_, e, _) =>
        {
            if (((ReadingValidated)e).Reading.SensorId == busy)
            {
                await release.Task; // held until the other sensor got through: only possible on a parallel consumer
            }
            else
            {
                otherDelivered.TrySetResult();
            }
        }, stop.Token);

        await transport.EnqueueAsync(PerSensor, Validated(busy, 1), CancellationToken.None);
        await transport.EnqueueAsync(PerSensor, Validated(other, 1), CancellationToken.None);

        await otherDelivered.Task.WaitAsync(Patience);
        release.SetResult();
        stop.Cancel();
        await running;
    }

    [Fact]
    public async Task Run_TotalWhileOneEventIsBusy_NextWaits()
    {
        var transport = Transport();
        var (first, second) = SensorsOnDifferentPartitions(4);
        var release = new TaskCompletionSource();
        var firstStarted = new TaskCompletionSource();
        var secondDelivered = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();
        var running = transport.RunAsync([Total], async (_, e, _) =>
        {
            if (((ReadingValidated)e).Reading.SensorId == first)
            {
                firstStarted.SetResult();
                await release.Task;
            }
            else
            {
                secondDelivered.SetResult();
            }
        }, stop.Token);

        await transport.EnqueueAsync(Total, Validated(first, 1), CancellationToken.None);
        await transport.EnqueueAsync(Total, Validated(second, 1), CancellationToken.None);
        await firstStarted.Task.WaitAsync(Patience);

        Assert.False(secondDelivered.Task.IsCompleted);
        Assert.Equal(1, transport.Depths[Total.Name]);
        release.SetResult();
        await secondDelivered.Task.WaitAsync(Patience);
        stop.Cancel();
        await running;
    }

    [Fact]
    public async Task Enqueue_PerSensorPartitionFull_PublisherWaitsAndQueueStaysWithinCapacity()
    {
        // QueueCapacity 4 over 2 partitions: 2 events per partition; nobody consumes yet.
        var transport = Transport(capacity: 4, partitions: 2);
        var (sensor, _) = SensorsOnDifferentPartitions(2);
        Assert.True(transport.EnqueueAsync(PerSensor, Validated(sensor, 1), CancellationToken.None).IsCompletedSuccessfully);
        Assert.True(transport.EnqueueAsync(PerSensor, Validated(sensor, 2), CancellationToken.None).IsCompletedSuccessfully);

        var third = transport.EnqueueAsync(PerSensor, Validated(sensor, 3), CancellationToken.None).AsTask();

        Assert.False(third.IsCompleted);
        Assert.Equal(2, transport.Depths[PerSensor.Name]);
        using var stop = new CancellationTokenSource();
        var running = transport.RunAsync([PerSensor], (_, _, _) => Task.CompletedTask, stop.Token);
        await third.WaitAsync(Patience);
        stop.Cancel();
        await running;
    }

    [Fact]
    public void PartitionCapacity_SplitsQueueCapacityBetweenPartitions_AtLeastOneEach()
    {
        var options = new EventBusOptions { QueueCapacity = 10_000 };

        Assert.Equal(2_500, options.PartitionCapacity(4));
        Assert.Equal(10_000, options.PartitionCapacity(1));
        Assert.Equal(1, new EventBusOptions { QueueCapacity = 3 }.PartitionCapacity(4));
    }

    [Fact]
    public void PartitionKeyOf_ReadingEvent_FnvOfDeviceSlashSensorSameInEveryProcess()
    {
        // FNV-1a of "dev-1/t1" (2166136261 offset, 16777619 prime), computed outside .NET: no per-process seed.
        Assert.Equal(3249261668u, PartitionKey.Of(Validated("t1", 1)));
        Assert.Equal(PartitionKey.Of(Validated("t1", 1)), PartitionKey.Of(Validated("t1", 2)));
    }

    [Fact]
    public void PartitionOf_PerDevice_EverySensorOfADeviceOnOnePartitionFnvOfTheDeviceId()
    {
        // FNV-1a of "dev-1" alone, computed outside .NET.
        Assert.Equal(404524662u, PartitionKey.OfDevice(Validated("t1", 1)));
        var partitions = Enumerable.Range(0, 50).Select(i => PartitionKey.PartitionOf(Validated("s" + i, i), 8, Ordering.PerDevice)).Distinct();
        Assert.Equal([(int)(PartitionKey.Mix(404524662u) % 8)], partitions);
    }

    [Fact]
    public void PartitionOf_SensorsNamedAfterTheirDevice_SpreadOverEveryPartition()
    {
        // 100 machines with one sensor each, named as the scale-out bench names them ("m-007" / "m-007-vib"). FNV-1a
        // modulo 16 alone put them on 4 of the 16 partitions (the repeated device id cancels in the low bits).
        var sensors = Enumerable.Range(0, 100).Select(i => ($"m-{i:D3}", $"m-{i:D3}-vib")).ToList();

        var mixed = sensors.Select(s => PartitionKey.PartitionOf(s.Item1, s.Item2, 16, Ordering.PerSensor)).Distinct().Count();
        var fnvAlone = sensors.Select(s => (int)(Fnv1a($"{s.Item1}/{s.Item2}") % 16)).Distinct().Count();

        Assert.Equal(16, mixed);
        Assert.Equal(4, fnvAlone);
    }

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    [Fact]
    public void On_PerSensorForEventAboutNoReading_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PipelineDefinition().On<TestHappened, FlakyHandler>(Ordering.PerSensor));

        Assert.Contains("cannot be ordered per sensor", error.Message);
    }
}
