using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Metrics;

namespace SmartMaintenance.Cloud.Agents.Acquisition;

/// <summary>
/// Agent 1: turns stored readings into ReadingReceived. Follows the store by id (keyset) from a cursor kept in
/// agent_cursors, so a restart neither skips nor repeats a page; the event id "r{id}" makes repeats harmless.
/// With several cloud instances on one PostgreSQL database only the holder of the acquisition lease
/// (<see cref="IAcquisitionLease"/>) reads; the others try to take the lease every LeaseRetryInterval. The cursor is
/// advanced only after the bus accepted the page, so a takeover re-reads from it and skips nothing (docs/scale-out.md).
/// </summary>
public sealed partial class DataAcquisitionAgent(
    IReadingSource source,
    IEventBus bus,
    IAcquisitionLease lease,
    AcquisitionSignal signal,
    AgentMetrics metrics,
    TimeProvider time,
    IOptions<AcquisitionOptions> options,
    ILogger<DataAcquisitionAgent> logger) : BackgroundService
{
    public const string CursorName = "acquisition";

    private long _takeoversSeen;

    /// <summary>Another instance held the lease at some try of this one (this one was a follower).</summary>
    private bool _heldElsewhere;

    /// <summary>"leader" while this instance reads new readings, "follower" while another instance does.</summary>
    public string Role => lease.IsLeader ? "leader" : "follower";

    /// <summary>Reads and publishes one page if this instance holds the lease; returns how many readings it published.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        if (!await lease.TryHoldAsync(cancellationToken))
        {
            _heldElsewhere = true;
            return 0;
        }

        if (lease.Takeovers != _takeoversSeen)
        {
            _takeoversSeen = lease.Takeovers;
            metrics.AcquisitionTakeover();
            // Every instance takes the lease once at start when nobody else holds it: that is the normal case, not a
            // warning. Taking it again (this instance had lost it) or after another instance held it means the reader
            // moved between instances (the other one died, stopped or lost its database session): worth a warning.
            if (_takeoversSeen > 1 || _heldElsewhere)
            {
                LogTookOverLease(logger, _takeoversSeen);
            }
            else
            {
                LogTookLease(logger);
            }
        }

        var after = await lease.ReadCursorAsync(cancellationToken) ?? 0;
        var page = await source.ReadAfterAsync(after, options.Value.BatchSize, cancellationToken);
        if (page.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        foreach (var reading in page)
        {
            var meta = new EventMeta($"r{reading.ReadingId}", reading.DeviceId, CorrelationOf(reading), now);
            await bus.PublishAsync(new ReadingReceived(meta, reading), cancellationToken);
        }

        // Not cancelled by a stop: the bus has the page, so recording that is one short write, and skipping it would
        // make the next leader publish the page again (harmless, as the ids repeat, but avoidable).
        await lease.AdvanceCursorAsync(page[^1].ReadingId, CancellationToken.None);
        return page.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await PollOnceAsync(stoppingToken) > 0)
                {
                    continue;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(logger, ex);
            }

            if (lease.IsLeader)
            {
                await signal.WaitAsync(options.Value.PollInterval, time, stoppingToken);
            }
            else
            {
                // A follower: a write in this process is read by the leader, so only the retry interval wakes it.
                await Task.Delay(options.Value.LeaseRetryInterval, time, stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // Release the lease now rather than at process exit, so a follower takes over at its next try.
        await lease.DisposeAsync();
    }

    internal static string CorrelationOf(SensorReading reading) => reading.CorrelationId ?? $"r{reading.ReadingId}";

    [LoggerMessage(Level = LogLevel.Error, Message = "Data acquisition could not read the reading store; retrying")]
    private static partial void LogPollFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "This instance holds the acquisition lease and reads new readings from the persisted cursor")]
    private static partial void LogTookLease(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This instance took over the acquisition lease (time {Takeovers} in this process; another instance held it before, or this one had lost it) and reads new readings from the persisted cursor")]
    private static partial void LogTookOverLease(ILogger logger, long takeovers);
}
