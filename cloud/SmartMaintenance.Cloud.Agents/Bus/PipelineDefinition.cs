using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Bus;

/// <summary>The subscriptions of the pipeline, in the order they were declared (see Pipeline/AgentPipeline.cs).</summary>
public sealed class PipelineDefinition
{
    private readonly List<Subscription> _subscriptions = [];
    private readonly Dictionary<Type, Subscription[]> _byEvent = [];

    public IReadOnlyList<Subscription> Subscriptions => _subscriptions;

    /// <summary>Declares that events of TEvent go to THandler, one at a time (Total) or one at a time per sensor (PerSensor).</summary>
    public PipelineDefinition On<TEvent, THandler>(Ordering ordering = Ordering.Total)
        where TEvent : AgentEvent
        where THandler : IEventHandler<TEvent>
    {
        var subscription = new Subscription(typeof(TEvent), typeof(THandler), ordering);
        if (_subscriptions.Any(s => s.Name == subscription.Name))
        {
            throw new InvalidOperationException($"{subscription.Name} is declared twice.");
        }

        if (ordering != Ordering.Total && !typeof(IReadingEvent).IsAssignableFrom(typeof(TEvent)))
        {
            throw new InvalidOperationException($"{subscription.Name}: {typeof(TEvent).Name} is about no single reading, so it cannot be ordered per sensor or device.");
        }

        _subscriptions.Add(subscription);
        _byEvent[typeof(TEvent)] = [.. _subscriptions.Where(s => s.EventType == typeof(TEvent))];
        return this;
    }

    public IReadOnlyList<Subscription> For(Type eventType) => _byEvent.TryGetValue(eventType, out var s) ? s : [];

    public Subscription? Find(string name) => _subscriptions.FirstOrDefault(s => s.Name == name);

    public Type? EventTypeNamed(string name) => _subscriptions.Select(s => s.EventType).FirstOrDefault(t => t.Name == name);
}
