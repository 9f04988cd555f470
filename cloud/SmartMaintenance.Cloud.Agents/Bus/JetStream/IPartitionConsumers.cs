namespace SmartMaintenance.Cloud.Agents.Bus.JetStream;

/// <summary>What the leases drive: consuming one partition of one subscription starts and stops with its lease.</summary>
internal interface IPartitionConsumers
{
    void Start(PartitionLease lease);

    /// <summary>Stops fetching and waits until the event in flight (if any) is handled and acknowledged.</summary>
    Task StopAsync(PartitionLease lease);
}
