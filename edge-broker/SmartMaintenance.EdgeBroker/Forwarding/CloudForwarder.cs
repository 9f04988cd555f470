using Microsoft.Extensions.Options;
using SmartMaintenance.EdgeBroker.Observability;
using SmartMaintenance.EdgeBroker.Outbox;

namespace SmartMaintenance.EdgeBroker.Forwarding;

/// <summary>
/// Reads the outbox in log order and deals each record to the forwarding lane of its device (ForwardLanes, 4 by
/// default). Each lane keeps one batch in flight, so up to ForwardLanes round trips to the cloud overlap: with one
/// lane, throughput was batch size / round trip, and the round trip includes the cloud's commit. Per-device order
/// holds because a device always uses the same lane. The AckWindow acknowledges the outbox only up to the first
/// record not yet settled by the cloud, so the resume point after a restart never skips a reading.
/// </summary>
internal sealed partial class CloudForwarder(
    DurableOutbox outbox,
    BatchSender sender,
    IOptions<CloudForwarderOptions> options,
    BrokerMetrics metrics,
    TimeProvider time,
    ILogger<CloudForwarder> logger) : BackgroundService
{
    private readonly CloudForwarderOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // At least room for every lane's batch in flight plus the next one queued behind it; more, so that a lane
        // busy isolating a poison pill does not stop the others for the seconds that takes.
        var window = new AckWindow(outbox, metrics, Math.Max(_options.ForwardWindow, 2 * _options.ForwardLanes * _options.BatchSize));
        var lanes = new ForwardLane[_options.ForwardLanes];
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = new ForwardLane(sender, window, _options, time);
        }

        var running = lanes.Select(lane => lane.RunAsync(stoppingToken)).ToArray();
        try
        {
            await ReadAsync(window, lanes, stoppingToken);
        }
        finally
        {
            foreach (var lane in lanes)
            {
                lane.Complete();
            }

            try
            {
                await Task.WhenAll(running);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: what was not settled stays in the outbox for the next start.
            }
        }
    }

    private async Task ReadAsync(AckWindow window, ForwardLane[] lanes, CancellationToken stoppingToken)
    {
        var read = new List<OutboxEntry>(_options.BatchSize);
        while (!stoppingToken.IsCancellationRequested)
        {
            var free = window.Free;
            if (free == 0)
            {
                await window.WaitFreedAsync(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }

            read.Clear();
            outbox.Read(read, Math.Min(free, _options.BatchSize));
            if (read.Count == 0)
            {
                await outbox.WaitReadableAsync(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }

            foreach (var entry in read)
            {
                lanes[OutboxRecords.Lane(entry, lanes.Length)].Enqueue(window.Add(entry), entry);
            }
        }
    }

    /// <summary>Graceful shutdown: keep forwarding until the outbox is empty or DrainTimeout passes.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + _options.DrainTimeout;
        while (outbox.Pending > 0 && time.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), time, CancellationToken.None);
        }

        if (outbox.Pending > 0)
        {
            LogDrainIncomplete(outbox.Pending);
        }

        await base.StopAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown drain timed out with {Count} readings left in the outbox; they are forwarded after the next start")]
    private partial void LogDrainIncomplete(long count);
}
