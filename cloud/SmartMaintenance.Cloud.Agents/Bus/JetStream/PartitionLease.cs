namespace SmartMaintenance.Cloud.Agents.Bus.JetStream;

/// <summary>A lease this instance holds on one partition of one subscription (key leases.{subscription}.{partition}).</summary>
internal sealed class PartitionLease(Subscription subscription, int partition, ulong revision, DateTimeOffset renewedAt)
{
    public Subscription Subscription { get; } = subscription;

    public int Partition { get; } = partition;

    public string Key { get; } = JetStreamNames.LeaseKey(subscription.Name, partition);

    /// <summary>KV revision of our last write: a renewal or delete only succeeds if nobody wrote since.</summary>
    public ulong Revision { get; set; } = revision;

    public DateTimeOffset RenewedAt { get; set; } = renewedAt;

    /// <summary>The assignment moved this partition away: it is draining and will be deleted.</summary>
    public bool Releasing { get; set; }
}
