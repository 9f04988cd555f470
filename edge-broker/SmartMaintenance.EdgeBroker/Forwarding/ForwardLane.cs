using System.Threading.Channels;
using SmartMaintenance.EdgeBroker.Outbox;

namespace SmartMaintenance.EdgeBroker.Forwarding;

/// <summary>
/// One forwarding lane: the records of the devices hashed to it, in log order, sent as batches (up to BatchSize
/// readings or MaxBatchDelay) with one batch in flight. A device always maps to the same lane, so its readings
/// reach the cloud in order; different lanes overlap their round trips.
/// </summary>
internal sealed class ForwardLane(BatchSender sender, AckWindow window, CloudForwarderOptions options, TimeProvider time)
{
    private readonly Channel<(long Place, OutboxEntry Entry)> _queue = Channel.CreateUnbounded<(long, OutboxEntry)>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>Queues a record (the window bounds how many are queued over all lanes).</summary>
    public void Enqueue(long place, OutboxEntry entry) => _queue.Writer.TryWrite((place, entry));

    public void Complete() => _queue.Writer.TryComplete();

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var entries = new List<OutboxEntry>(options.BatchSize);
        var places = new List<long>(options.BatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            entries.Clear();
            places.Clear();
            Take(reader, entries, places);
            if (entries.Count < options.BatchSize)
            {
                await FillAsync(reader, entries, places, stoppingToken);
            }

            await sender.SendAsync(entries, stoppingToken);
            window.Settle(places);
        }
    }

    /// <summary>Lets the batch fill for up to MaxBatchDelay: fewer, larger requests under load.</summary>
    private async Task FillAsync(ChannelReader<(long Place, OutboxEntry Entry)> reader, List<OutboxEntry> entries, List<long> places, CancellationToken stoppingToken)
    {
        using var fill = new CancellationTokenSource(options.MaxBatchDelay, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, fill.Token);
        try
        {
            while (entries.Count < options.BatchSize && await reader.WaitToReadAsync(linked.Token))
            {
                Take(reader, entries, places);
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // MaxBatchDelay passed: send what there is.
        }
    }

    private void Take(ChannelReader<(long Place, OutboxEntry Entry)> reader, List<OutboxEntry> entries, List<long> places)
    {
        while (entries.Count < options.BatchSize && reader.TryRead(out var item))
        {
            entries.Add(item.Entry);
            places.Add(item.Place);
        }
    }
}
