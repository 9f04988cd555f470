using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Metrics;

namespace SmartMaintenance.Cloud.Agents.Bus.JetStream;

/// <summary>
/// The bus across instances. Each subscription has a stream {prefix}_{subscription} (file storage, work-queue retention:
/// an event stays until its handler succeeded) with one subject per partition; an event goes to the partition of its
/// sensor or device (<see cref="PartitionKey"/> modulo Partitions; Ordering.Total: partition 0) with its event id as
/// Nats-Msg-Id, so a re-publish inside DuplicateWindow is stored once. Each partition has one durable pull consumer
/// with MaxAckPending 1: the server hands out its next event only after the previous one was acknowledged, which is
/// the delivery contract of <see cref="IEventTransport"/> across instances. Only the instance holding the partition's
/// lease (<see cref="JetStreamPartitionOwnership"/>) consumes it, and acknowledges an event only after deliver returned
/// (handled, or dead-lettered by the dispatcher after its last attempt).
/// </summary>
public sealed partial class JetStreamEventTransport(
    JetStreamClient client,
    JetStreamPartitionOwnership ownership,
    AgentMetrics metrics,
    IDeadLetterStore deadLetters,
    TimeProvider time,
    ILogger<JetStreamEventTransport> logger) : IEventTransport, IPartitionConsumers
{
    private static readonly TimeSpan RetryWait = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Messages one pull request asks for. The consumer's MaxAckPending 1 still lets the server hand out one event at a
    /// time, so this changes no order and no concurrency: the same pull request just stays open for the next events,
    /// instead of one pull request per event (a round trip and server work for every event).
    /// </summary>
    private const int PullBatch = 64;

    private readonly JetStreamOptions _options = client.Options;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _streams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _depths = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string[]> _subjects = new(StringComparer.Ordinal);
    private Func<Subscription, AgentEvent, CancellationToken, Task>? _deliver;
    private CancellationToken _stopping;

    /// <summary>Events waiting or in flight per subscription, all partitions, cluster-wide (refreshed every heartbeat).</summary>
    public IReadOnlyDictionary<string, int> Depths => _depths;

    public async ValueTask EnqueueAsync(Subscription subscription, AgentEvent @event, CancellationToken cancellationToken)
    {
        var partition = PartitionKey.PartitionOf(@event, ownership.PartitionsOf(subscription), subscription.Ordering);
        await PublishAsync(subscription, partition, @event, @event.EventId, cancellationToken);
    }

    /// <summary>
    /// A dead letter put back: its event id was published before, so it gets a message id of its own, or the server
    /// would drop it as a duplicate when replayed inside DuplicateWindow.
    /// </summary>
    public async ValueTask RequeueAsync(Subscription subscription, AgentEvent @event, string requeueId, CancellationToken cancellationToken)
    {
        var partition = PartitionKey.PartitionOf(@event, ownership.PartitionsOf(subscription), subscription.Ordering);
        await PublishAsync(subscription, partition, @event, $"{@event.EventId}#{requeueId}", cancellationToken);
    }

    public async Task RunAsync(IReadOnlyList<Subscription> subscriptions, Func<Subscription, AgentEvent, CancellationToken, Task> deliver,
        CancellationToken cancellationToken)
    {
        _deliver = deliver;
        _stopping = cancellationToken;
        try
        {
            foreach (var subscription in subscriptions)
            {
                await WithRetryAsync(() => EnsureStreamAsync(subscription, cancellationToken), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        var depths = RefreshDepthsAsync(subscriptions, cancellationToken);
        var progress = KeepInProgressAsync(cancellationToken);
        await ownership.RunAsync(subscriptions, this, cancellationToken);
        await depths;
        await progress;
    }

    void IPartitionConsumers.Start(PartitionLease lease)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        var running = new Running(lease, stop);
        if (_running.TryAdd(lease.Key, running))
        {
            running.Task = Task.Run(() => ConsumeAsync(running, stop.Token), CancellationToken.None);
        }
        else
        {
            stop.Dispose();
        }
    }

    async Task IPartitionConsumers.StopAsync(PartitionLease lease)
    {
        if (!_running.TryRemove(lease.Key, out var running))
        {
            return;
        }

        await running.Stop.CancelAsync();
        try
        {
            await running.Task;
        }
        catch (Exception ex)
        {
            // Whatever ended the consumer, it has ended: the release must go on, or the lease would be renewed for ever
            // by an instance that no longer consumes the partition.
            LogConsumerEnded(logger, lease.Subscription.Name, lease.Partition, ex);
        }

        running.Stop.Dispose();
        metrics.PartitionReleased(lease.Subscription.Name, lease.Partition);
    }

    private async Task ConsumeAsync(Running running, CancellationToken stop)
    {
        var lease = running.Lease;
        var subscription = lease.Subscription;
        var stream = client.Names.Stream(subscription);
        var config = new ConsumerConfig(JetStreamNames.Consumer(lease.Partition))
        {
            DurableName = JetStreamNames.Consumer(lease.Partition),
            FilterSubject = client.Names.Subject(subscription, lease.Partition),
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
            MaxAckPending = 1,          // one event of the partition in flight, cluster-wide: order and one-at-a-time
            AckWait = _options.LeaseTtl, // an event held by a dead instance comes back when its lease has expired
            MaxDeliver = -1,             // attempts are counted by the dispatcher (MaxAttempts, then a dead letter)
        };
        var consumeOptions = new NatsJSConsumeOpts { MaxMsgs = PullBatch, Expires = Max(_options.HeartbeatInterval * 5, TimeSpan.FromSeconds(5)) };
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var consumer = await client.JetStream.CreateOrUpdateConsumerAsync(stream, config, stop);
                await foreach (var message in consumer.ConsumeAsync<byte[]>(opts: consumeOptions, cancellationToken: stop))
                {
                    await HandleAsync(lease, message, running);
                    if (_stopping.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                // Server away, consumer deleted, connection closed: keep trying while the lease is ours.
                LogConsumeFailed(logger, subscription.Name, lease.Partition, ex.Message);
                try
                {
                    await Task.Delay(RetryWait, time, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task HandleAsync(PartitionLease lease, INatsJSMsg<byte[]> message, Running running)
    {
        var subscription = lease.Subscription;
        if (message.Metadata is { } meta)
        {
            metrics.PartitionLag(subscription.Name, lease.Partition, (long)meta.NumPending);
            if (meta.NumDelivered > 1)
            {
                metrics.PartitionRedelivered(subscription.Name, lease.Partition);
            }
        }

        if (!ownership.Valid(lease))
        {
            // The lease ran out (this process stalled past LeaseTtl) or moved: leave the event to the owner. Delayed, so a
            // consumer that is about to be stopped does not get the same event back at once, over and over.
            await TryValueAsync(() => message.NakAsync(new AckOpts { NakDelay = _options.HeartbeatInterval }, CancellationToken.None));
            return;
        }

        AgentEvent @event;
        try
        {
            @event = EventSerializer.Deserialize(message.Data ?? [], subscription.EventType);
            if (!WellFormed(@event))
            {
                // Valid JSON of the wrong shape (no meta, no reading): every step after this one needs them, and an event
                // without an id cannot even be dead-lettered by the dispatcher, so it would come back for ever.
                throw new JsonException($"the {subscription.EventType.Name} has no meta (event id, device, correlation) or no reading");
            }
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // InvalidOperationException: text that is not UTF-8 where the reader needs a string.
            await DeadLetterUnreadableAsync(subscription, message, ex);
            return;
        }

        running.Begin(message, time.GetTimestamp());
        try
        {
            await _deliver!(subscription, @event, _stopping);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping mid-event: hand it back at once, the next owner should not wait for AckWait.
            running.End();
            await TryValueAsync(() => message.NakAsync(cancellationToken: CancellationToken.None));
            return;
        }
        catch (Exception ex)
        {
            // The dispatcher retries and dead-letters by itself; only a failing dead-letter store gets here.
            LogDeliverFailed(logger, subscription.Name, lease.Partition, @event.EventId, ex);
            running.End();
            await TryValueAsync(() => message.NakAsync(new AckOpts { NakDelay = _options.HeartbeatInterval }, CancellationToken.None));
            return;
        }

        running.End();
        // A plain ack, not a double ack: the server hands out the partition's next event only once it processed this
        // ack (MaxAckPending 1), so waiting for its confirmation as well bought no ordering, only a message and a wait
        // per event. An ack lost on the way (connection cut) brings the event back after AckWait, and the handlers'
        // idempotency drops the repeat, as for any redelivery.
        if (!await TryValueAsync(() => message.AckAsync(cancellationToken: CancellationToken.None)))
        {
            LogAckFailed(logger, subscription.Name, lease.Partition, @event.EventId);
        }
    }

    private static bool WellFormed(AgentEvent @event) =>
        @event.Meta is { EventId.Length: > 0, DeviceId: not null, CorrelationId: not null } && @event is not IReadingEvent { Reading: null };

    /// <summary>
    /// Handling (with the dispatcher's retries) may outlast AckWait: every HeartbeatInterval, each event in flight for
    /// at least that long is reported "in progress", so the server does not hand it out again. One loop for all
    /// partitions rather than a timer per event (an event normally takes milliseconds). The gap between two reports
    /// is below 2 × HeartbeatInterval, less than AckWait (= LeaseTtl ≥ 3 × HeartbeatInterval).
    /// </summary>
    private async Task KeepInProgressAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var running in _running.Values)
                {
                    if (running.Current is { } current && time.GetElapsedTime(current.Since) >= _options.HeartbeatInterval)
                    {
                        await TryValueAsync(() => current.Message.AckProgressAsync(cancellationToken: CancellationToken.None));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeadLetterUnreadableAsync(Subscription subscription, INatsJSMsg<byte[]> message, Exception error)
    {
        var payload = Encoding.UTF8.GetString(message.Data ?? []);
        var id = message.Metadata is { } m ? $"nats:{m.Stream}:{m.Sequence.Stream}" : "nats:?";
        LogUnreadable(logger, subscription.Name, id, error.Message);
        metrics.DeadLettered(subscription.HandlerType.Name);
        await deadLetters.AddAsync(new DeadLetter(0, subscription.Name, subscription.EventType.Name, id, "", "", payload,
            $"{error.GetType().Name}: {error.Message}", 0, time.GetUtcNow(), null), _stopping);
        await TryValueAsync(() => message.AckTerminateAsync(cancellationToken: CancellationToken.None));
    }

    private async ValueTask PublishAsync(Subscription subscription, int partition, AgentEvent @event, string messageId,
        CancellationToken cancellationToken)
    {
        await EnsureStreamAsync(subscription, cancellationToken);
        var subject = SubjectOf(subscription, partition);
        var data = JsonSerializer.SerializeToUtf8Bytes(@event, @event.GetType(), EventSerializer.Options);
        // The header itself rather than NatsJSPubOpts.MsgId: the server's duplicate check reads exactly this header.
        var headers = new NatsHeaders { ["Nats-Msg-Id"] = messageId };
        await WithRetryAsync(async () =>
        {
            var ack = await client.JetStream.PublishAsync(subject, data, headers: headers, cancellationToken: cancellationToken);
            if (!ack.Duplicate) // stored before under this id (a re-publish): nothing to do; EnsureSuccess would throw
            {
                ack.EnsureSuccess();
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Retries while the server is away (restart, network) or the stream is full (back-pressure, like a full channel):
    /// an event is never dropped by the transport; a publisher waits, as with the in-process transport.
    /// </summary>
    private async Task WithRetryAsync(Func<Task> call, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            try
            {
                await call();
                return;
            }
            catch (Exception ex) when (ex is NatsException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                if (failures++ % 20 == 0)
                {
                    LogServerUnavailable(logger, ex.Message);
                }

                await Task.Delay(RetryWait, time, cancellationToken);
            }
        }
    }

    /// <summary>The partition's subject, built once per subscription (not per event).</summary>
    private string SubjectOf(Subscription subscription, int partition)
    {
        if (!_subjects.TryGetValue(subscription.Name, out var subjects))
        {
            subjects = _subjects.GetOrAdd(subscription.Name,
                _ => [.. Enumerable.Range(0, ownership.PartitionsOf(subscription)).Select(p => client.Names.Subject(subscription, p))]);
        }

        return subjects[partition];
    }

    private Task EnsureStreamAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var name = client.Names.Stream(subscription);
        var created = _streams.GetOrAdd(name, _ => new Lazy<Task>(() => CreateStreamAsync(subscription)));
        return created.Value.IsFaulted ? Recreate() : created.Value.WaitAsync(cancellationToken);

        Task Recreate()
        {
            _streams.TryRemove(name, out _);
            return EnsureStreamAsync(subscription, cancellationToken);
        }
    }

    private async Task CreateStreamAsync(Subscription subscription)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.JetStream.CreateOrUpdateStreamAsync(new StreamConfig(client.Names.Stream(subscription), [client.Names.Subjects(subscription)])
        {
            Storage = StreamConfigStorage.File,
            Retention = StreamConfigRetention.Workqueue,
            DuplicateWindow = _options.DuplicateWindow,
            MaxMsgs = _options.MaxPendingPerSubscription,
            Discard = StreamConfigDiscard.New, // full: the publisher is refused and waits, nothing stored is dropped
            NumReplicas = _options.Replicas,
        }, timeout.Token);
    }

    private async Task RefreshDepthsAsync(IReadOnlyList<Subscription> subscriptions, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, time);
        try
        {
            do
            {
                foreach (var subscription in subscriptions)
                {
                    await TryAsync(async () =>
                    {
                        var stream = await client.JetStream.GetStreamAsync(client.Names.Stream(subscription), cancellationToken: cancellationToken);
                        _depths[subscription.Name] = (int)Math.Min(int.MaxValue, stream.Info.State.Messages);
                    });
                }

                foreach (var running in _running.Values)
                {
                    var lease = running.Lease;
                    await TryAsync(async () =>
                    {
                        var consumer = await client.JetStream.GetConsumerAsync(client.Names.Stream(lease.Subscription),
                            JetStreamNames.Consumer(lease.Partition), cancellationToken);
                        metrics.PartitionLag(lease.Subscription.Name, lease.Partition, (long)consumer.Info.NumPending + consumer.Info.NumAckPending);
                    });
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TryAsync(Func<Task> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException or InvalidOperationException or ObjectDisposedException)
        {
            LogCallFailed(logger, ex.Message);
            return false;
        }
    }

    private Task<bool> TryValueAsync(Func<ValueTask> call) => TryAsync(async () => await call());

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class Running(PartitionLease lease, CancellationTokenSource stop)
    {
        private volatile InFlight? _current;

        public PartitionLease Lease { get; } = lease;

        public CancellationTokenSource Stop { get; } = stop;

        public Task Task { get; set; } = Task.CompletedTask;

        /// <summary>The event being handled (null between events), for the in-progress reports.</summary>
        public InFlight? Current => _current;

        public void Begin(INatsJSMsg<byte[]> message, long since) => _current = new InFlight(message, since);

        public void End() => _current = null;
    }

    private sealed record InFlight(INatsJSMsg<byte[]> Message, long Since);

    [LoggerMessage(Level = LogLevel.Error, Message = "The consumer of partition {Partition} of {Subscription} ended with an error while stopping")]
    private static partial void LogConsumerEnded(ILogger logger, string subscription, int partition, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consuming partition {Partition} of {Subscription} failed, retrying: {Error}")]
    private static partial void LogConsumeFailed(ILogger logger, string subscription, int partition, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering {EventId} (partition {Partition} of {Subscription}) failed outside the handler; the server redelivers it")]
    private static partial void LogDeliverFailed(ILogger logger, string subscription, int partition, string eventId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Acknowledging {EventId} (partition {Partition} of {Subscription}) failed; it comes back after AckWait and is dropped as a repeat")]
    private static partial void LogAckFailed(ILogger logger, string subscription, int partition, string eventId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unreadable message {MessageId} on {Subscription}, dead-lettered: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string subscription, string messageId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS JetStream unavailable, retrying: {Error}")]
    private static partial void LogServerUnavailable(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "NATS call failed: {Error}")]
    private static partial void LogCallFailed(ILogger logger, string error);
}
