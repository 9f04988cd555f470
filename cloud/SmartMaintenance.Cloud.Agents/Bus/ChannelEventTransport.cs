using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Bus;

/// <summary>In-process transport: one bounded channel and one consumer per subscription (order kept per handler).</summary>
internal sealed class ChannelEventTransport(IOptions<EventBusOptions> options) : IEventTransport
{
    private readonly Dictionary<string, Channel<AgentEvent>> _channels = CreateChannels(options.Value.QueueCapacity);
    private readonly int _capacity = options.Value.QueueCapacity;

    public IReadOnlyDictionary<string, int> Depths
    {
        get
        {
            lock (_channels)
            {
                return _channels.ToDictionary(kv => kv.Key, kv => kv.Value.Reader.Count);
            }
        }
    }

    public ValueTask EnqueueAsync(Subscription subscription, AgentEvent @event, CancellationToken cancellationToken) =>
        ChannelFor(subscription).Writer.WriteAsync(@event, cancellationToken);

    public Task RunAsync(IReadOnlyList<Subscription> subscriptions, Func<Subscription, AgentEvent, CancellationToken, Task> deliver,
        CancellationToken cancellationToken)
    {
        var consumers = subscriptions.Select(s => Task.Run(() => ConsumeAsync(s, deliver, cancellationToken), CancellationToken.None));
        return Task.WhenAll(consumers);
    }

    private async Task ConsumeAsync(Subscription subscription, Func<Subscription, AgentEvent, CancellationToken, Task> deliver,
        CancellationToken cancellationToken)
    {
        var reader = ChannelFor(subscription).Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                while (reader.TryRead(out var @event))
                {
                    await deliver(subscription, @event, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Host stopping: events still queued are lost with the process, as for any in-memory queue.
        }
    }

    private Channel<AgentEvent> ChannelFor(Subscription subscription)
    {
        lock (_channels)
        {
            if (!_channels.TryGetValue(subscription.Name, out var channel))
            {
                channel = Channel.CreateBounded<AgentEvent>(new BoundedChannelOptions(_capacity)
                {
                    FullMode = BoundedChannelFullMode.Wait,
                    SingleReader = true,
                });
                _channels[subscription.Name] = channel;
            }

            return channel;
        }
    }

    private static Dictionary<string, Channel<AgentEvent>> CreateChannels(int capacity) =>
        capacity > 0 ? [] : throw new ArgumentOutOfRangeException(nameof(capacity));
}
