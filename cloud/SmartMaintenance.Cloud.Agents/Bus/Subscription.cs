using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Bus;

/// <summary>
/// One edge of the chain: events of EventType go to HandlerType, one at a time overall or per sensor (Ordering).
/// Name is stable (used by dead letters) and does not depend on the ordering.
/// </summary>
public sealed record Subscription(Type EventType, Type HandlerType, Ordering Ordering = Ordering.Total)
{
    public string Name { get; } = $"{EventType.Name}->{HandlerType.Name}";

    internal Task InvokeAsync(IServiceProvider services, AgentEvent @event, CancellationToken cancellationToken) =>
        _invoke.Value(services, @event, cancellationToken);

    private readonly Lazy<Func<IServiceProvider, AgentEvent, CancellationToken, Task>> _invoke =
        new(() => BuildInvoker(EventType, HandlerType));

    private static Func<IServiceProvider, AgentEvent, CancellationToken, Task> BuildInvoker(Type eventType, Type handlerType)
    {
        var method = typeof(Subscription).GetMethod(nameof(Invoke), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(eventType, handlerType);
        return (Func<IServiceProvider, AgentEvent, CancellationToken, Task>)method.CreateDelegate(
            typeof(Func<IServiceProvider, AgentEvent, CancellationToken, Task>));
    }

    private static Task Invoke<TEvent, THandler>(IServiceProvider services, AgentEvent @event, CancellationToken cancellationToken)
        where TEvent : AgentEvent
        where THandler : IEventHandler<TEvent> =>
        ((THandler)services.GetService(typeof(THandler))!).HandleAsync((TEvent)@event, cancellationToken);
}
