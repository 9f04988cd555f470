using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Bus;

/// <summary>
/// Moves events from publishers to the consumer of one subscription. The in-process transport uses bounded
/// channels; a distributed one (e.g. NATS JetStream) would implement the same two calls. Agents never see it.
/// </summary>
public interface IEventTransport
{
    /// <summary>Queues the event for the subscription; waits while that queue is full.</summary>
    ValueTask EnqueueAsync(Subscription subscription, AgentEvent @event, CancellationToken cancellationToken);

    /// <summary>Starts consuming every subscription, calling deliver for each event (one at a time per subscription).</summary>
    Task RunAsync(IReadOnlyList<Subscription> subscriptions, Func<Subscription, AgentEvent, CancellationToken, Task> deliver,
        CancellationToken cancellationToken);

    /// <summary>Events queued and not yet delivered, per subscription name.</summary>
    IReadOnlyDictionary<string, int> Depths { get; }
}
