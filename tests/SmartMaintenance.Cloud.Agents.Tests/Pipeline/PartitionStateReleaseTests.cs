using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.DriftDetection;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Pipeline;
using SmartMaintenance.Cloud.Agents.Validation;

namespace SmartMaintenance.Cloud.Agents.Tests.Pipeline;

/// <summary>
/// Issue 16: the agents' memory follows its bus partition. When a partition of the validation, drift or anomaly
/// subscription moves (IPartitionOwnership.Changed on the JetStream bus), the memory of exactly that partition's
/// sensors or machines is dropped, so a partition that comes back here is rebuilt from the store instead of resumed
/// from a memory that missed what the other instance handled. The agent services of the real pipeline registration.
/// </summary>
public sealed class PartitionStateReleaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static SensorReading Reading(long id, string device, string sensor) =>
        new(id, device, sensor, "temperature", "°C", "reading", 60 + id % 7 * 0.1, Now.AddSeconds(id));

    /// <summary>Two sensors of one device on different partitions of a PerSensor subscription (4 partitions, the Channels default).</summary>
    private static (string A, string B) SensorsOnTwoPartitions() =>
        Enumerable.Range(0, 100).Select(i => "s" + i)
            .Select(s => (Sensor: s, Partition: PartitionKey.PartitionOf("dev-1", s, 4, Ordering.PerSensor)))
            .GroupBy(x => x.Partition).Take(2).Select(g => g.First().Sensor).ToArray() is [var a, var b]
            ? (a, b)
            : throw new InvalidOperationException("no two partitions");

    [Fact]
    public void PartitionOf_Ids_EqualsThePartitionOfTheirReadingEvents()
    {
        foreach (var (device, sensor) in new[] { ("dev-1", "t1"), ("press-7", "temp"), ("sensor:x", "x") })
        {
            var e = new ReadingValidated(new EventMeta("r1", device, "c", Now), Reading(1, device, sensor));
            foreach (var partitions in new[] { 1, 4, 16 })
            {
                Assert.Equal(PartitionKey.PartitionOf(e, partitions, Ordering.PerSensor), PartitionKey.PartitionOf(device, sensor, partitions, Ordering.PerSensor));
                Assert.Equal(PartitionKey.PartitionOf(e, partitions, Ordering.PerDevice), PartitionKey.PartitionOf(device, "other", partitions, Ordering.PerDevice));
            }
        }
    }

    [Fact]
    public async Task Drop_ReleasedPartition_ForgetsItsSensorsInValidationAndDriftAndItsMachinesOnly()
    {
        var history = new StoredReadingHistory([]);
        await using var harness = await AgentHarness.CreateAsync(new FakeTimeProvider(Now.AddMinutes(5)),
            configure: s => s.AddSingleton<IMachineHistory>(history));
        var release = harness.Services.GetServices<IHostedService>().OfType<PartitionStateRelease>().Single();
        var (a, b) = SensorsOnTwoPartitions();
        var validation = harness.Get<ValidationAgent>();
        var drift = harness.Get<DriftDetectionAgent>();
        var anomaly = harness.Get<AnomalyDetectionAgent>();
        long id = 0;
        foreach (var sensor in new[] { a, b })
        {
            var r = Reading(++id, "dev-1", sensor);
            await validation.HandleAsync(new ReadingReceived(new EventMeta($"r{id}", "dev-1", "c", Now), r), CancellationToken.None);
            await drift.HandleAsync(new ReadingValidated(new EventMeta($"r{id}", "dev-1", "c", Now), r), CancellationToken.None);
        }

        var other = Reading(++id, "dev-2", "t1");
        await anomaly.HandleAsync(new ReadingValidated(new EventMeta($"r{id}", "dev-2", "c", Now), other), CancellationToken.None);
        var partitionOfA = PartitionKey.PartitionOf("dev-1", a, 4, Ordering.PerSensor);
        var partitionOfDev2 = PartitionKey.PartitionOf("dev-2", "", 4, Ordering.PerDevice);

        // Released: validation and drift forget sensor a (its partition), keep b; a partition of another subscription drops nothing.
        Assert.Equal(1, release.Drop(new PartitionChange("ReadingReceived->ValidationAgent", partitionOfA, Acquired: false)));
        Assert.Equal(1, release.Drop(new PartitionChange("ReadingValidated->DriftDetectionAgent", partitionOfA, Acquired: false)));
        Assert.Equal(0, release.Drop(new PartitionChange("ReadingReceived->ValidationAgent", partitionOfA, Acquired: true))); // already gone
        Assert.Equal(0, release.Drop(new PartitionChange("FailurePredicted->SchedulingAgent", 0, Acquired: false)));
        Assert.Equal(0, release.Drop(new PartitionChange("ReadingValidated->AnomalyDetectionAgent", (partitionOfDev2 + 1) % 4, Acquired: false)));
        Assert.Equal(1, release.Drop(new PartitionChange("ReadingValidated->AnomalyDetectionAgent", partitionOfDev2, Acquired: false)));

        // The dropped sensor is rebuilt (read from the store) at its next reading, the kept one is not.
        history.SensorReads.Clear();
        foreach (var sensor in new[] { a, b })
        {
            var r = Reading(++id, "dev-1", sensor);
            await validation.HandleAsync(new ReadingReceived(new EventMeta($"r{id}", "dev-1", "c", Now), r), CancellationToken.None);
            await drift.HandleAsync(new ReadingValidated(new EventMeta($"r{id}", "dev-1", "c", Now), r), CancellationToken.None);
        }

        Assert.Equal([$"dev-1/{a}", $"dev-1/{a}"], history.SensorReads);
    }
}
