using System.Collections.Concurrent;
using System.Threading.Channels;

namespace SmartMaintenance.Cloud.Dashboard.Live;

/// <summary>
/// Fan-out of live events to the open server-sent-event streams. A page holds one stream for all the topics it
/// shows (browsers allow six HTTP/1.1 connections per server, shared by every tab). Each subscriber has a small
/// bounded queue that drops its oldest events when the browser reads too slowly: a slow tab never holds back the
/// producers.
/// </summary>
public sealed class DashboardFeed
{
    private const int QueuePerSubscriber = 256;
    private readonly ConcurrentDictionary<Guid, (IReadOnlySet<string> Topics, Channel<LiveEvent> Channel)> _subscribers = new();

    /// <summary>True when at least one page listens to the topic (producers skip work otherwise).</summary>
    public bool HasSubscribers(string topic)
    {
        foreach (var s in _subscribers.Values)
        {
            if (s.Topics.Contains(topic))
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
            if (s.Topics.Contains(e.Topic))
            {
                s.Channel.Writer.TryWrite(e);
            }
        }
    }

    /// <summary>Opens a queue for one page and the topics it shows; dispose it when the page goes away.</summary>
    public Subscription Subscribe(params IReadOnlyCollection<string> topics)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(QueuePerSubscriber)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _subscribers[id] = (new HashSet<string>(topics, StringComparer.Ordinal), channel);
        return new Subscription(channel.Reader, () => _subscribers.TryRemove(id, out _));
    }

    public sealed class Subscription(ChannelReader<LiveEvent> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<LiveEvent> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}
