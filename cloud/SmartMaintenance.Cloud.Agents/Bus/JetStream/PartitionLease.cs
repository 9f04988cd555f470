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

    /// <summary>
    /// One KV call on this lease at a time: a renewal and the release's delete each take it. Why: they used to run at
    /// once (the heartbeat renews every held lease, also one being released), so the delete could use a revision the
    /// renewal had just replaced (delete refused) or the renewal could find the key deleted and create it again under
    /// this instance's name with nobody consuming it; either way the partition had no consumer until LeaseTtl ran out.
    /// </summary>
    public SemaphoreSlim KvGate { get; } = new(1, 1);

    /// <summary>Set (under <see cref="KvGate"/>) by the release before it deletes the key: no renewal may touch it after.</summary>
    public bool Ended { get; set; }
}
