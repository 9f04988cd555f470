using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Bus;

/// <summary>
/// In-process transport: bounded channels, publishers wait when one is full. A Total subscription has one channel
/// and one consumer; a PerSensor subscription has EventBusOptions.Partitions of each, and an event goes to the
/// partition of its sensor (<see cref="PartitionKey"/>), so one sensor's events are delivered in order, one at a time.
/// </summary>
internal sealed class ChannelEventTransport(IOptions<EventBusOptions> options) : IEventTransport
{
    /// <summary>
    /// Work time after which a busy consumer gives its thread back. A consumer with a backlog and synchronous
    /// handlers would otherwise keep a thread-pool thread as long as its backlog lasts; with more consumers than
    /// cores the others (their queues, and through back-pressure their publishers) wait for the pool to grow.
    /// A time, not a count: a cheap high-volume stage (validation) gets as much of a round as a costly one (anomaly
    /// detection), instead of being starved by it.
    /// </summary>
    private static readonly long TurnTicks = Stopwatch.Frequency / 1000; // 1 ms

    private readonly EventBusOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Channel<AgentEvent>[]> _queues = new();

    public IReadOnlyDictionary<string, int> Depths =>
        _queues.ToDictionary(kv => kv.Key, kv => kv.Value.Sum(c => c.Reader.Count));

    public ValueTask EnqueueAsync(Subscription subscription, AgentEvent @event, CancellationToken cancellationToken)
    {
        var partitions = QueuesFor(subscription);
        return partitions[PartitionKey.PartitionOf(@event, partitions.Length, subscription.Ordering)].Writer.WriteAsync(@event, cancellationToken);
    }

    public Task RunAsync(IReadOnlyList<Subscription> subscriptions, Func<Subscription, AgentEvent, CancellationToken, Task> deliver,
        CancellationToken cancellationToken)
    {
        var consumers = subscriptions.SelectMany(s => QueuesFor(s).Select(channel =>
            Task.Run(() => ConsumeAsync(s, channel.Reader, deliver, cancellationToken), CancellationToken.None)));
        return Task.WhenAll(consumers);
    }

    private static async Task ConsumeAsync(Subscription subscription, ChannelReader<AgentEvent> reader,
        Func<Subscription, AgentEvent, CancellationToken, Task> deliver, CancellationToken cancellationToken)
    {
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                var turn = Stopwatch.GetTimestamp();
                while (reader.TryRead(out var @event))
                {
                    await deliver(subscription, @event, cancellationToken);
                    if (Stopwatch.GetTimestamp() - turn >= TurnTicks)
                    {
                        await Task.Yield(); // to the back of the pool's queue, behind the other consumers
                        turn = Stopwatch.GetTimestamp();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Host stopping: events still queued are lost with the process, as for any in-memory queue.
        }
    }

    private Channel<AgentEvent>[] QueuesFor(Subscription subscription) =>
        _queues.TryGetValue(subscription.Name, out var queues)
            ? queues
            : _queues.GetOrAdd(subscription.Name, static (_, state) => Create(state.Ordering, state.Options), (subscription.Ordering, Options: _options));

    private static Channel<AgentEvent>[] Create(Ordering ordering, EventBusOptions options)
    {
        var partitions = ordering == Ordering.Total ? 1 : options.Partitions;
        var capacity = options.PartitionCapacity(partitions);
        return [.. Enumerable.Range(0, partitions).Select(_ => Channel.CreateBounded<AgentEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true, // one consumer per partition: what keeps a sensor's events in order
        }))];
    }
}
