using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmartMaintenance.Cloud.Agents.Acquisition;

namespace SmartMaintenance.Cloud.Agents;

/// <summary>
/// /health/ready entry "acquisition": "leader" when this instance reads new readings into the bus, "follower" when
/// another instance on the same PostgreSQL database holds the acquisition lease (docs/scale-out.md). Either is healthy.
/// </summary>
internal sealed class AcquisitionReadyCheck(IAcquisitionLease lease) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var role = lease.IsLeader ? "leader" : "follower";
        return Task.FromResult(HealthCheckResult.Healthy(role, new Dictionary<string, object> { ["acquisition"] = role }));
    }
}
