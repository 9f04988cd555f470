using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Bus;

/// <summary>Publishes events to every handler the pipeline subscribes to the event's type.</summary>
public interface IEventBus
{
    /// <summary>Waits when a handler's queue is full (back-pressure), never grows memory without bound.</summary>
    ValueTask PublishAsync(AgentEvent @event, CancellationToken cancellationToken = default);
}

/// <summary>An agent's reaction to one event type. Handlers must be idempotent: the bus may deliver twice.</summary>
public interface IEventHandler<in TEvent> where TEvent : AgentEvent
{
    Task HandleAsync(TEvent @event, CancellationToken cancellationToken);
}
