using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.DriftDetection;
using SmartMaintenance.Cloud.Agents.Validation;

namespace SmartMaintenance.Cloud.Agents.Pipeline;

/// <summary>
/// Keeps the per-sensor and per-machine memory of the validation, drift and anomaly agents with the bus partition it
/// belongs to. When this instance releases a partition of theirs (or acquires one), the memory of its sensors or
/// machines is dropped: a partition is consumed by one instance at a time, so memory kept from an earlier ownership
/// misses what another instance handled in between (a partition that comes back after a rebalance would otherwise
/// resume from a stale memory). The next reading of a dropped sensor or machine rebuilds it from the stored readings,
/// as after a start. Raised by the JetStream transport only (IPartitionOwnership.Changed, after the partition's last
/// delivery here finished and before its first one); the in-process transport never moves a partition.
/// </summary>
internal sealed partial class PartitionStateRelease(
    IPartitionOwnership ownership,
    PipelineDefinition pipeline,
    IServiceProvider services,
    ILogger<PartitionStateRelease> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ownership.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        ownership.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    /// <summary>Drops the memory of the partition's sensors or machines; returns how many entries went.</summary>
    internal int Drop(PartitionChange change)
    {
        if (pipeline.Find(change.Subscription) is not { Ordering: not Ordering.Total } subscription)
        {
            return 0;
        }

        var partitions = ownership.PartitionsOf(subscription);
        bool InPartition(string deviceId, string sensorId) =>
            PartitionKey.PartitionOf(deviceId, sensorId, partitions, subscription.Ordering) == change.Partition;

        return subscription.HandlerType.Name switch
        {
            nameof(ValidationAgent) => services.GetRequiredService<ValidationAgent>().Forget(InPartition),
            nameof(DriftDetectionAgent) => services.GetRequiredService<DriftDetectionAgent>().Forget(InPartition),
            nameof(AnomalyDetectionAgent) => services.GetRequiredService<AnomalyDetectionAgent>().Forget(device => InPartition(device, "")),
            _ => 0,
        };
    }

    private void OnChanged(PartitionChange change)
    {
        var dropped = Drop(change);
        if (dropped > 0)
        {
            LogDropped(logger, dropped, change.Partition, change.Subscription, change.Acquired ? "acquired" : "released");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped the memory of {Count} sensors or machines of partition {Partition} of {Subscription} ({Change} here); rebuilt from the stored readings at their next event here")]
    private static partial void LogDropped(ILogger logger, int count, int partition, string subscription, string change);
}
