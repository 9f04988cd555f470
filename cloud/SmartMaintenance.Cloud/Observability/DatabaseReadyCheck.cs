using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Cloud.Storage.Migrations;

namespace SmartMaintenance.Cloud.Observability;

/// <summary>Ready when the database answers and its schema is at this build's latest migration.</summary>
internal sealed class DatabaseReadyCheck(DbDataSource dataSource, StorageEngineInfo engine) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var current = await MigrationRunner.CurrentVersionAsync(dataSource, cancellationToken);
            var latest = MigrationRunner.LatestVersion(engine.Engine);
            return current >= latest
                ? HealthCheckResult.Healthy($"{engine.Engine} at schema version {current}")
                : HealthCheckResult.Unhealthy($"{engine.Engine} at schema version {current}, expected {latest}");
        }
        catch (DbException ex)
        {
            return HealthCheckResult.Unhealthy($"{engine.Engine} unreachable: {ex.Message}");
        }
    }
}
