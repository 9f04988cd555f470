using Microsoft.Extensions.Options;
using SmartMaintenance.EdgeBroker.Observability;
using SmartMaintenance.EdgeBroker.Outbox;

namespace SmartMaintenance.EdgeBroker.Forwarding;

/// <summary>
/// Reads the outbox in order, collects batches (up to BatchSize readings or MaxBatchDelay) and hands each to the
/// BatchSender, which settles it with the cloud; then acknowledges it in the outbox. Per-device order holds
/// because the outbox is one ordered log and a batch is only left behind once the cloud answered it.
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
        var entries = new List<OutboxEntry>(_options.BatchSize);
        while (!stoppingToken.IsCancellationRequested)
        {
            entries.Clear();
            outbox.Read(entries, _options.BatchSize);
            if (entries.Count == 0)
            {
                metrics.SetForwardHead(null);
                await outbox.WaitReadableAsync(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }

            // Let the batch fill for up to MaxBatchDelay: fewer, larger requests under load.
            var deadline = time.GetUtcNow() + _options.MaxBatchDelay;
            while (entries.Count < _options.BatchSize && time.GetUtcNow() is var now && now < deadline)
            {
                await outbox.WaitReadableAsync(deadline - now, stoppingToken);
                outbox.Read(entries, _options.BatchSize - entries.Count);
            }

            metrics.SetForwardHead(OutboxRecords.Decode(entries[0])?.ReceivedAt);

            await sender.SendAsync(entries, stoppingToken);
            outbox.Acknowledge(entries);
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
