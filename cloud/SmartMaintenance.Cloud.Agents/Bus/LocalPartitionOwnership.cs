using Microsoft.Extensions.Options;

namespace SmartMaintenance.Cloud.Agents.Bus;

/// <summary>The in-process transport's ownership: one instance, every partition local, nothing ever moves.</summary>
internal sealed class LocalPartitionOwnership(PipelineDefinition pipeline, IOptions<EventBusOptions> options) : IPartitionOwnership
{
    private readonly string _instanceId = $"{Environment.MachineName}-{Environment.ProcessId}";

    public string InstanceId => _instanceId;

    public string Transport => EventBusOptions.ChannelsTransport;

    public int PartitionsOf(Subscription subscription) => subscription.Ordering == Ordering.Total ? 1 : options.Value.Partitions;

    public bool Owns(string subscription, int partition) =>
        pipeline.Find(subscription) is { } s && partition >= 0 && partition < PartitionsOf(s);

    public ScaleOutStatus Status() => new(_instanceId, Transport, "local", [_instanceId],
        pipeline.Subscriptions.ToDictionary(s => s.Name, s => (IReadOnlyList<int>)[.. Enumerable.Range(0, PartitionsOf(s))]));

    // Never raised: nothing is ever acquired or released. Explicit accessors keep the compiler from warning about it.
    public event Action<PartitionChange>? Changed
    {
        add { }
        remove { }
    }
}
