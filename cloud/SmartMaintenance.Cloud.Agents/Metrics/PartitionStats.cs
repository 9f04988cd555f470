namespace SmartMaintenance.Cloud.Agents.Metrics;

/// <summary>One partition of one subscription as this instance sees it (JetStream transport only).</summary>
public sealed record PartitionSnapshot(string Subscription, int Partition, long Lag, long Redeliveries);

/// <summary>Lag (events waiting in the partition, from the server) and redeliveries seen by this instance.</summary>
internal sealed class PartitionStats
{
    public long Lag;
    public long Redeliveries;
}
