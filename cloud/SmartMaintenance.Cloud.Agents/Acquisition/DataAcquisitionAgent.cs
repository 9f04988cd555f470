using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Storage;

namespace SmartMaintenance.Cloud.Agents.Acquisition;

/// <summary>
/// Agent 1: turns stored readings into ReadingReceived. Follows the store by id (keyset) from a cursor kept in
/// agent_cursors, so a restart neither skips nor repeats a page; the event id "r{id}" makes repeats harmless.
/// </summary>
public sealed partial class DataAcquisitionAgent(
    IReadingSource source,
    IEventBus bus,
    ICursorStore cursors,
    AcquisitionSignal signal,
    TimeProvider time,
    IOptions<AcquisitionOptions> options,
    ILogger<DataAcquisitionAgent> logger) : BackgroundService
{
    public const string CursorName = "acquisition";

    /// <summary>Reads and publishes one page; returns how many readings it published.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var after = await cursors.GetAsync(CursorName, cancellationToken) ?? 0;
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

        await cursors.SetAsync(CursorName, page[^1].ReadingId, cancellationToken);
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

            await signal.WaitAsync(options.Value.PollInterval, time, stoppingToken);
        }
    }

    internal static string CorrelationOf(SensorReading reading) => reading.CorrelationId ?? $"r{reading.ReadingId}";

    [LoggerMessage(Level = LogLevel.Error, Message = "Data acquisition could not read the reading store; retrying")]
    private static partial void LogPollFailed(ILogger logger, Exception error);
}
