using Microsoft.Extensions.Options;

namespace SmartMaintenance.Cloud.Storage.Postgres;

/// <summary>Keeps daily readings partitions created a week (PartitionsAheadDays) ahead of the clock.</summary>
internal sealed partial class PartitionMaintenanceService(
    PartitionManager partitions, StorageMigrator migrator, IOptions<StorageOptions> options, TimeProvider time,
    ILogger<PartitionMaintenanceService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                // The readings table must exist first (hosted services start in registration order, but be explicit).
                await migrator.MigrateAsync(stoppingToken);
                await partitions.EnsureAheadAsync(time.GetUtcNow(), options.Value.PartitionsAheadDays, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not fatal: rows outside existing partitions still get theirs on demand at write time.
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Creating readings partitions ahead of time failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
