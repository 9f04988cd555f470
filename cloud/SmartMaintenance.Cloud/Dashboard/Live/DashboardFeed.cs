using System.Collections.Concurrent;
using System.Threading.Channels;

namespace SmartMaintenance.Cloud.Dashboard.Live;

/// <summary>
/// Fan-out of live events to the open server-sent-event streams. Each subscriber has a small bounded queue that
/// drops its oldest events when the browser reads too slowly: a slow tab never holds back the producers.
/// </summary>
public sealed class DashboardFeed
{
    private const int QueuePerSubscriber = 256;
    private readonly ConcurrentDictionary<Guid, (string Topic, Channel<LiveEvent> Channel)> _subscribers = new();

    /// <summary>True when at least one page listens to the topic (producers skip work otherwise).</summary>
    public bool HasSubscribers(string topic)
    {
        foreach (var s in _subscribers.Values)
        {
            if (s.Topic == topic)
            {
                return true;
            }
        }

        return false;
    }

    public void Publish(LiveEvent e)
    {
        foreach (var s in _subscribers.Values)
        {
            if (s.Topic == e.Topic)
            {
                s.Channel.Writer.TryWrite(e);
            }
        }
    }

    /// <summary>Opens a queue for one page; dispose it when the page goes away.</summary>
    public Subscription Subscribe(string topic)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(QueuePerSubscriber)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _subscribers[id] = (topic, channel);
        return new Subscription(channel.Reader, () => _subscribers.TryRemove(id, out _));
    }

    public sealed class Subscription(ChannelReader<LiveEvent> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<LiveEvent> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}
