using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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

/// <summary>
/// Runs the transport's consumers for the lifetime of the host. A transport that fails (e.g. a JetStream call that
/// times out on a loaded machine in a way the transport did not expect) is logged and started again after a pause:
/// a BackgroundService that throws would stop the whole cloud, ingest and dashboard included.
/// </summary>
internal sealed partial class EventBusService(PipelineDefinition pipeline, IEventTransport transport, EventDispatcher dispatcher,
    TimeProvider time, ILogger<EventBusService> logger)
    : BackgroundService
{
    private static readonly TimeSpan RestartAfter = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await transport.RunAsync(pipeline.Subscriptions, dispatcher.DeliverAsync, stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogTransportFailed(logger, ex, RestartAfter.TotalSeconds);
                try
                {
                    await Task.Delay(RestartAfter, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The event bus transport failed; restarting it in {Seconds} s (events wait in their queues or streams meanwhile)")]
    private static partial void LogTransportFailed(ILogger logger, Exception ex, double seconds);
}
