using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmartMaintenance.Cloud.Ml.Artifacts;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>
/// /health/ready entry "ml": the artifact store must be reachable (else unhealthy); while the baseline trains,
/// or if it failed, ML is degraded (the rest of the cloud serves; degraded still answers 200).
/// </summary>
internal sealed class MlReadyCheck(IArtifactStore store, MlState state) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!await store.IsReachableAsync(cancellationToken))
        {
            return HealthCheckResult.Unhealthy("model artifact store unreachable");
        }

        return state.Status == "ready"
            ? HealthCheckResult.Healthy("models ready")
            : HealthCheckResult.Degraded("ML " + state.Status);
    }
}
