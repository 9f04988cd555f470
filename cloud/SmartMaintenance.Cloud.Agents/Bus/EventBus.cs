using Microsoft.Extensions.Hosting;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Metrics;

namespace SmartMaintenance.Cloud.Agents.Bus;

/// <summary>Routes each published event to the subscriptions of its type through the transport.</summary>
internal sealed class EventBus(PipelineDefinition pipeline, IEventTransport transport, AgentMetrics metrics) : IEventBus
{
    public async ValueTask PublishAsync(AgentEvent @event, CancellationToken cancellationToken = default)
    {
        metrics.Published(@event.GetType().Name);
        foreach (var subscription in pipeline.For(@event.GetType()))
        {
            await transport.EnqueueAsync(subscription, @event, cancellationToken);
        }
    }
}

/// <summary>Runs the transport's consumers for the lifetime of the host.</summary>
internal sealed class EventBusService(PipelineDefinition pipeline, IEventTransport transport, EventDispatcher dispatcher)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        transport.RunAsync(pipeline.Subscriptions, dispatcher.DeliverAsync, stoppingToken);
}
