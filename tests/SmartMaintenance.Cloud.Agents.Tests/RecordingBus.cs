using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Tests;

/// <summary>Collects what an agent publishes, so a unit test can look at its output events.</summary>
public sealed class RecordingBus : IEventBus
{
    public List<AgentEvent> Published { get; } = [];

    public ValueTask PublishAsync(AgentEvent @event, CancellationToken cancellationToken = default)
    {
        lock (Published)
        {
            Published.Add(@event);
        }

        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<T> Of<T>() where T : AgentEvent
    {
        lock (Published)
        {
            return [.. Published.OfType<T>()];
        }
    }
}
