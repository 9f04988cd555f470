namespace SmartMaintenance.Cloud.Agents.Bus;

/// <summary>A partition of one subscription was acquired (this instance now consumes it) or released.</summary>
public sealed record PartitionChange(string Subscription, int Partition, bool Acquired);

/// <summary>What /health shows under "scaleOut": who this instance is and which partitions it consumes.</summary>
public sealed record ScaleOutStatus(
    string InstanceId,
    string Transport,
    string LeaseState,
    IReadOnlyList<string> Instances,
    IReadOnlyDictionary<string, IReadOnlyList<int>> OwnedPartitions);

/// <summary>
/// Which partitions of each subscription this instance consumes. With the in-process transport that is all of them;
/// with JetStream a partition is consumed by the one live instance holding its lease (Bus/JetStream).
/// <para>
/// <see cref="Changed"/> is raised for an acquired partition before its first event is delivered here, and for a
/// released one after its last in-flight event finished: a handler keeping state per partition (a detector) can
/// rebuild it on acquisition and drop it on release without racing its own deliveries.
/// </para>
/// </summary>
public interface IPartitionOwnership
{
    string InstanceId { get; }

    /// <summary>"Channels" or "JetStream" (Cloud:Agents:Bus:Transport).</summary>
    string Transport { get; }

    /// <summary>Partitions of the subscription cluster-wide (1 for Ordering.Total).</summary>
    int PartitionsOf(Subscription subscription);

    /// <summary>The partition an event of the subscription belongs to (same hash as the transports use).</summary>
    int PartitionOf(Subscription subscription, Events.AgentEvent @event) =>
        PartitionKey.PartitionOf(@event, PartitionsOf(subscription), subscription.Ordering);

    bool Owns(string subscription, int partition);

    ScaleOutStatus Status();

    event Action<PartitionChange>? Changed;
}
