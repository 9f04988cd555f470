using System.Threading.Channels;
using SmartMaintenance.Contracts;
using SmartMaintenance.EdgeBroker.Observability;

namespace SmartMaintenance.EdgeBroker.Forwarding;

/// <summary>
/// Readings accepted from devices and waiting for the cloud. Bounded: when it is full, publishers wait
/// (MQTT back-pressure) instead of the broker growing without limit.
/// </summary>
public sealed class ForwardQueue
{
    private readonly Channel<IngestBatchItem> _channel;
    private readonly BrokerMetrics _metrics;

    public ForwardQueue(int capacity, BrokerMetrics metrics)
    {
        _channel = Channel.CreateBounded<IngestBatchItem>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _metrics = metrics;
    }

    public ChannelReader<IngestBatchItem> Reader => _channel.Reader;

    public async ValueTask EnqueueAsync(IngestBatchItem item, CancellationToken cancellationToken)
    {
        await _channel.Writer.WriteAsync(item, cancellationToken);
        _metrics.QueueChanged(1);
    }

    public void Complete() => _channel.Writer.TryComplete();
}
