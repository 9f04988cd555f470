using System.Text.Json;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Dashboard.Live;

/// <summary>
/// Pushes newly stored readings to open pages. It follows the store's keyset (ascending ids) over readings of the
/// last minute, so what any path stores (broker batches, the API, the Manual Ingestion page) reaches the browser
/// within one poll interval; it does nothing while no page listens.
/// </summary>
internal sealed partial class ReadingsPoller(
    IReadingStore store, DashboardFeed feed, IOptions<DashboardOptions> options, TimeProvider time,
    ILogger<ReadingsPoller> logger) : BackgroundService
{
    private const int PageSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Position in the store: readings timestamped after `since` with an id above `lastId`. Reset while nobody
        // listens, so a page opened later starts with the last minute instead of the whole history.
        DateTimeOffset? since = null;
        long lastId = 0;
        using var timer = new PeriodicTimer(options.Value.LivePollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!feed.HasSubscribers(LiveTopics.Readings))
            {
                since = null;
                lastId = 0;
                continue;
            }

            since ??= time.GetUtcNow() - TimeSpan.FromMinutes(1);
            try
            {
                var page = await store.QueryAsync(new ReadingQuery(From: since, AfterId: lastId, Limit: PageSize), stoppingToken);
                foreach (var reading in page)
                {
                    feed.Publish(new LiveEvent(LiveTopics.Readings, JsonSerializer.Serialize(reading, ContractsJsonContext.Default.StoredReading)));
                }

                if (page.Count > 0)
                {
                    lastId = page[^1].Id;
                }

                if (page.Count == PageSize)
                {
                    // More arrive than a screen can show: a live view samples, it is not the record (Data
                    // Explorer is). Jump to the recent past instead of falling further behind.
                    since = time.GetUtcNow() - options.Value.LivePollInterval;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be restarting; the next tick tries again from the same position.
                LogPollFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard live readings: polling the store failed; retrying on the next tick")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
