using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartMaintenance.Cloud.Agents.Reporting;

/// <summary>Generates the periodic report (previous Interval) on a TimeProvider timer.</summary>
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

        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = time.GetUtcNow();
            try
            {
                await reports.GenerateAsync(now - interval, now, $"scheduled-report:{now:yyyyMMddHHmm}", "fleet", stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled report failed; the next interval will try again")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
