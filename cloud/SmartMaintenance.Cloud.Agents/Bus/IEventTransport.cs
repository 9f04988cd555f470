using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Bus;

/// <summary>
/// Moves events from publishers to the consumers of one subscription. The in-process transport uses bounded
/// channels; a distributed one (e.g. NATS JetStream, a subject per partition) would implement the same two calls.
/// Agents never see it.
/// <para>
/// Delivery contract, which the agents rely on: for an <see cref="Ordering.Total"/> subscription, deliver is
/// called one event at a time, in enqueue order. For an <see cref="Ordering.PerSensor"/> subscription it may be
/// called concurrently, but never twice at once for the same sensor (device id + sensor id), and each sensor's
/// events arrive in enqueue order; a retrying event holds back only its own partition.
/// </para>
/// </summary>
public interface IEventTransport
{
    /// <summary>Queues the event for the subscription; waits while that queue (or the sensor's partition) is full.</summary>
    ValueTask EnqueueAsync(Subscription subscription, AgentEvent @event, CancellationToken cancellationToken);

    /// <summary>
    /// Queues an event again that was queued before (a dead letter replayed). A transport that drops repeated event
    /// ids (JetStream's duplicate window) must let this one through; requeueId makes the attempt unique.
    /// </summary>
    ValueTask RequeueAsync(Subscription subscription, AgentEvent @event, string requeueId, CancellationToken cancellationToken) =>
        EnqueueAsync(subscription, @event, cancellationToken);

    /// <summary>Starts consuming every subscription, calling deliver for each event (see the delivery contract above).</summary>
    Task RunAsync(IReadOnlyList<Subscription> subscriptions, Func<Subscription, AgentEvent, CancellationToken, Task> deliver,
        CancellationToken cancellationToken);

    /// <summary>Events queued and not yet delivered, per subscription name.</summary>
    IReadOnlyDictionary<string, int> Depths { get; }
}
