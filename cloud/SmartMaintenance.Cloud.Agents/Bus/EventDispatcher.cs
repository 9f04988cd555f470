using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Metrics;

namespace SmartMaintenance.Cloud.Agents.Bus;

/// <summary>
/// Delivers one event to one handler: drops repeats, retries with exponential backoff, dead-letters after the
/// last attempt, and wraps the call in a log scope carrying the correlation id. Called concurrently for a PerSensor
/// subscription; a given event id always comes through the same partition (its sensor's), so the repeat check and
/// the record after handling never race with a copy of the same event.
/// </summary>
internal sealed partial class EventDispatcher(
    IServiceProvider services,
    IDeadLetterStore deadLetters,
    AgentMetrics metrics,
    TimeProvider time,
    IOptions<EventBusOptions> options,
    ILogger<EventDispatcher> logger)
{
    // Same keys as a dictionary scope (CorrelationId, EventId, DeviceId), without building one per delivery.
    private static readonly Func<ILogger, string, string, string, IDisposable?> DeliveryScope =
        LoggerMessage.DefineScope<string, string, string>("CorrelationId:{CorrelationId} EventId:{EventId} DeviceId:{DeviceId}");

    private readonly EventBusOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, RecentIds> _seen = new();

    public async Task DeliverAsync(Subscription subscription, AgentEvent @event, CancellationToken cancellationToken)
    {
        var seen = SeenFor(subscription);
        if (seen.Contains(@event.EventId))
        {
            metrics.Duplicate(subscription.HandlerType.Name);
            return;
        }

        using var scope = DeliveryScope(logger, @event.CorrelationId, @event.EventId, @event.DeviceId);
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await subscription.InvokeAsync(services, @event, cancellationToken);
                metrics.Handled(subscription.HandlerType.Name, Stopwatch.GetElapsedTime(started));
                seen.Add(@event.EventId);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                metrics.Failed(subscription.HandlerType.Name, Stopwatch.GetElapsedTime(started));
                if (attempt >= _options.MaxAttempts)
                {
                    await DeadLetterAsync(subscription, @event, attempt, ex, cancellationToken);
                    return;
                }

                var wait = _options.BackoffFor(attempt);
                LogRetry(logger, subscription.Name, @event.CorrelationId, attempt, wait.TotalMilliseconds, ex.Message);
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }

    private async Task DeadLetterAsync(Subscription subscription, AgentEvent @event, int attempts, Exception error,
        CancellationToken cancellationToken)
    {
        LogDeadLetter(logger, subscription.Name, @event.CorrelationId, attempts, error);
        metrics.DeadLettered(subscription.HandlerType.Name);
        var letter = new DeadLetter(0, subscription.Name, @event.GetType().Name, @event.EventId, @event.CorrelationId,
            @event.DeviceId, EventSerializer.Serialize(@event), $"{error.GetType().Name}: {error.Message}", attempts,
            time.GetUtcNow(), null);
        await deadLetters.AddAsync(letter, cancellationToken);
    }

    private RecentIds SeenFor(Subscription subscription) =>
        _seen.TryGetValue(subscription.Name, out var ids)
            ? ids
            : _seen.GetOrAdd(subscription.Name, static (_, capacity) => new RecentIds(capacity), _options.RememberedEventIds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Subscription} failed attempt {Attempt} for correlation {CorrelationId}; retrying in {WaitMs} ms: {Error}")]
    private static partial void LogRetry(ILogger logger, string subscription, string correlationId, int attempt, double waitMs, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Subscription} gave up after {Attempts} attempts for correlation {CorrelationId}; event dead-lettered")]
    private static partial void LogDeadLetter(ILogger logger, string subscription, string correlationId, int attempts, Exception error);
}

/// <summary>A bounded set of recently handled event ids (oldest forgotten first).</summary>
internal sealed class RecentIds(int capacity)
{
    private readonly HashSet<string> _ids = [];
    private readonly Queue<string> _order = new();

    public bool Contains(string id)
    {
        lock (_ids)
        {
            return _ids.Contains(id);
        }
    }

    public void Add(string id)
    {
        lock (_ids)
        {
            if (!_ids.Add(id))
            {
                return;
            }

            _order.Enqueue(id);
            if (_order.Count > capacity)
            {
                _ids.Remove(_order.Dequeue());
            }
        }
    }
}
