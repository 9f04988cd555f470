using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Validation;

namespace SmartMaintenance.Cloud.Agents.Notification;

/// <summary>
/// Agent 7: MaintenanceScheduled, AnomalyDetected (an incident opened or escalated; High and above), DriftDetected and a sensor found stuck
/// (ReadingRejected with rule "stuck": a sensor fault the technicians must hear of) -> one delivery per enabled
/// channel (webhook, e-mail, dashboard) -> NotificationSent with the status. De-duplicated per (device, kind)
/// within DedupWindow, throttled per channel, retried with backoff; each (event, channel) recorded once.
/// </summary>
public sealed partial class NotificationAgent(
    IEnumerable<INotificationChannel> channels,
    INotificationStore store,
    IEventBus bus,
    TimeProvider time,
    IOptions<NotificationOptions> options,
    ILogger<NotificationAgent> logger)
    : IEventHandler<MaintenanceScheduled>, IEventHandler<AnomalyDetected>, IEventHandler<DriftDetected>, IEventHandler<ReadingRejected>
{
    private readonly NotificationOptions _options = options.Value;
    private readonly Dictionary<string, DateTimeOffset> _lastSent = [];
    private readonly Dictionary<string, Queue<DateTimeOffset>> _sentPerChannel = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(string DeviceId, string SensorId), DateTimeOffset> _stuckNotified = [];

    public Task HandleAsync(MaintenanceScheduled e, CancellationToken cancellationToken) =>
        NotifyAsync(e, NotificationTexts.Maintenance(e), cancellationToken);

    /// <summary>
    /// An incident's opening or escalation (the anomaly agent publishes nothing else). De-duplicated per incident and
    /// severity, not per device and kind: an escalation of the same incident is news, another machine's incident too.
    /// </summary>
    public Task HandleAsync(AnomalyDetected e, CancellationToken cancellationToken) =>
        e.Severity < Enum.Parse<AnomalySeverity>(_options.AnomalyMinSeverity, true)
            ? Task.CompletedTask
            : NotifyAsync(e, NotificationTexts.Anomaly(e), cancellationToken,
                e.IncidentId is { } incident ? $"{e.DeviceId}|incident:{incident}|{e.Severity}" : null);

    public Task HandleAsync(DriftDetected e, CancellationToken cancellationToken) =>
        NotifyAsync(e, NotificationTexts.Drift(e), cancellationToken);

    /// <summary>
    /// Only the stuck rule: other refusals (range, rate, duplicates) are counted on the metrics, not sent to people.
    /// The cloud's own rule refuses every reading of a stuck run (one a second on a sampling device), so a sensor
    /// already notified within DedupWindow is skipped here without a record: the metrics count each refusal.
    /// </summary>
    public Task HandleAsync(ReadingRejected e, CancellationToken cancellationToken)
    {
        if (e.Rule != ValidationAgent.StuckRule)
        {
            return Task.CompletedTask;
        }

        var now = time.GetUtcNow();
        lock (_stuckNotified)
        {
            var key = (e.DeviceId, e.Reading.SensorId);
            if (_stuckNotified.TryGetValue(key, out var last) && now - last < _options.DedupWindow)
            {
                return Task.CompletedTask;
            }

            _stuckNotified[key] = now;
        }

        return NotifyAsync(e, NotificationTexts.Stuck(e), cancellationToken);
    }

    private async Task NotifyAsync(AgentEvent source, NotificationMessage message, CancellationToken cancellationToken, string? dedupKey = null)
    {
        // Four subscriptions call this agent on their own consumers: the dedup/throttle state is shared.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            dedupKey ??= $"{message.DeviceId}|{message.Kind}";
            var duplicate = _lastSent.TryGetValue(dedupKey, out var last) && now - last < _options.DedupWindow;
            foreach (var channel in channels.Where(c => c.Enabled))
            {
                if (await store.ExistsAsync(source.EventId, channel.Name, cancellationToken))
                {
                    continue;
                }

                var (status, attempts, error) = duplicate
                    ? (NotificationStatus.Suppressed, 0, $"duplicate of a {message.Kind} notification within {_options.DedupWindow}")
                    : Throttled(channel.Name, now)
                        ? (NotificationStatus.Suppressed, 0, $"throttled: more than {_options.MaxPerMinute} per minute")
                        : await DeliverAsync(channel, message, cancellationToken);
                await store.AddAsync(new NotificationRecord(0, source.EventId, channel.Name, message.Kind, message.DeviceId,
                    message.CorrelationId, status, attempts, error, $"{message.Title}: {message.Body}", now), cancellationToken);
                await bus.PublishAsync(new NotificationSent(source.Meta.Next($"notify-{channel.Name}", now), channel.Name,
                    message.Kind, status, attempts, error), cancellationToken);
            }

            if (!duplicate)
            {
                _lastSent[dedupKey] = now;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(NotificationStatus, int, string?)> DeliverAsync(INotificationChannel channel, NotificationMessage message,
        CancellationToken cancellationToken)
    {
        string? error = null;
        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            try
            {
                await channel.SendAsync(message, cancellationToken);
                return (NotificationStatus.Delivered, attempt, null);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"{ex.GetType().Name}: {ex.Message}";
                LogDeliveryFailed(logger, channel.Name, message.CorrelationId, attempt, error);
                if (attempt < _options.MaxAttempts)
                {
                    await Task.Delay(_options.RetryBackoff * Math.Pow(2, attempt - 1), time, cancellationToken);
                }
            }
        }

        return (NotificationStatus.Failed, _options.MaxAttempts, error);
    }

    private bool Throttled(string channel, DateTimeOffset now)
    {
        if (!_sentPerChannel.TryGetValue(channel, out var sent))
        {
            sent = new Queue<DateTimeOffset>();
            _sentPerChannel[channel] = sent;
        }

        while (sent.Count > 0 && now - sent.Peek() >= TimeSpan.FromMinutes(1))
        {
            sent.Dequeue();
        }

        if (sent.Count >= _options.MaxPerMinute)
        {
            return true;
        }

        sent.Enqueue(now);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification on {Channel} failed (attempt {Attempt}) for correlation {CorrelationId}: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string channel, string correlationId, int attempt, string error);
}
