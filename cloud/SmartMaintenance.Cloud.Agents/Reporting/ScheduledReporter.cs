using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartMaintenance.Cloud.Agents.Reporting;

/// <summary>
/// Generates the periodic report on the TimeProvider. Periods are aligned to multiples of Interval since the Unix epoch
/// (24 h: each UTC day, generated at midnight), not to the host's start: a host restarted more often than Interval
/// still reports, and every report covers a whole, predictable period.
/// </summary>
internal sealed partial class ScheduledReporter(ReportService reports, TimeProvider time, IOptions<ReportingOptions> options,
    ILogger<ScheduledReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        var lastEnd = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            // From the later of now and the last period's end: a timer that wakes a little early does not report twice.
            var now = time.GetUtcNow();
            var end = NextBoundary(now > lastEnd ? now : lastEnd, interval);
            await Task.Delay(end - now, time, stoppingToken);
            lastEnd = end;
            try
            {
                // Kept when empty: the schedule's reports are the record that every period was looked at.
                await reports.GenerateAsync(end - interval, end, $"scheduled-report:{end:yyyyMMddHHmm}", "fleet", stoppingToken, keepEmpty: true);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, end - interval, end, ex);
            }
        }
    }

    /// <summary>The first multiple of interval (since the Unix epoch) strictly after the given time.</summary>
    internal static DateTimeOffset NextBoundary(DateTimeOffset after, TimeSpan interval)
    {
        var elapsed = (after - DateTimeOffset.UnixEpoch).Ticks;
        return DateTimeOffset.UnixEpoch.AddTicks((elapsed / interval.Ticks + 1) * interval.Ticks);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled report for {From:O} to {To:O} failed; the next period will try again")]
    private static partial void LogFailed(ILogger logger, DateTimeOffset from, DateTimeOffset to, Exception error);
}
