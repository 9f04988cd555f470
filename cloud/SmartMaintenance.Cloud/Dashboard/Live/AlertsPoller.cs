using System.Text.Json;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;

namespace SmartMaintenance.Cloud.Dashboard.Live;

/// <summary>
/// Pushes newly stored anomalies to open pages (topic "alerts"). The anomaly agent writes every AnomalyDetected to
/// the anomaly store before it publishes it, so following the store's ids sees each alert whatever raised it; it
/// does nothing while no page listens. A page opened later starts with the last minute (it re-renders once).
/// </summary>
internal sealed partial class AlertsPoller(
    IAnomalyStore anomalies, DashboardFeed feed, IOptions<DashboardOptions> options, TimeProvider time,
    ILogger<AlertsPoller> logger) : BackgroundService
{
    private const int PageSize = 200;

    // Ids are assigned at insert, detection times just before it: anomalies stored concurrently can land slightly
    // out of time order, so the window looks this far back behind the newest one seen.
    private static readonly TimeSpan Slack = TimeSpan.FromMinutes(1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? since = null;
        long lastId = 0;
        using var timer = new PeriodicTimer(options.Value.LivePollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!feed.HasSubscribers(LiveTopics.Alerts))
            {
                since = null;
                lastId = 0;
                continue;
            }

            var now = time.GetUtcNow();
            since ??= now - Slack;
            try
            {
                var fresh = (await anomalies.ListAsync(since.Value, now.AddMinutes(5), PageSize, stoppingToken))
                    .Where(a => a.Id > lastId).OrderBy(a => a.Id).ToList();
                foreach (var a in fresh)
                {
                    feed.Publish(new LiveEvent(LiveTopics.Alerts, JsonSerializer.Serialize(
                        new AlertPushed(a.Id, a.DeviceId, a.SensorId, a.Severity.ToString(), a.Score, a.DetectedAt), Json)));
                }

                if (fresh.Count > 0)
                {
                    lastId = fresh[^1].Id;
                    since = fresh.Max(a => a.DetectedAt) - Slack;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPollFailed(logger, ex);
            }
        }
    }

    /// <summary>What an open page learns of a new alert; the page re-renders its alert list from the server.</summary>
    private sealed record AlertPushed(long Id, string DeviceId, string SensorId, string Severity, double Score, DateTimeOffset DetectedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard live alerts: polling the anomaly store failed; retrying on the next tick")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
