using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Metrics;

namespace SmartMaintenance.Cloud.Agents.Bus;

/// <summary>Routes each published event to the subscriptions of its type through the transport.</summary>
internal sealed class EventBus(PipelineDefinition pipeline, IEventTransport transport, AgentMetrics metrics) : IEventBus
{
    /// <summary>
    /// Enqueues into every subscription of the event's type at once and returns when all accepted it. The subscriptions
    /// are independent queues (order is kept per subscription, and a caller's next publish starts only after this one
    /// returned), so nothing waits for one subscription before the next: with JetStream each enqueue is a round trip
    /// to the server (a stored, acknowledged publish), and ReadingValidated alone has four subscriptions.
    /// </summary>
    public async ValueTask PublishAsync(AgentEvent @event, CancellationToken cancellationToken = default)
    {
        metrics.Published(@event.GetType().Name);
        List<Task>? waiting = null;
        foreach (var subscription in pipeline.For(@event.GetType()))
        {
            var enqueued = transport.EnqueueAsync(subscription, @event, cancellationToken);
            if (enqueued.IsCompleted)
            {
                enqueued.GetAwaiter().GetResult(); // the usual case in process: a free channel took it at once
            }
            else
            {
                (waiting ??= []).Add(enqueued.AsTask());
            }
        }

        if (waiting is not null)
        {
            await Task.WhenAll(waiting);
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
