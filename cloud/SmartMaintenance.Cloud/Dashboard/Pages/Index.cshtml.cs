using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Scheduling;
using SmartMaintenance.Cloud.Dashboard.Backends;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>Overview: is the plant talking to us (live readings), what needs attention (alerts, maintenance).</summary>
public sealed class IndexModel(IStringLocalizer<DashboardText> text, ReadingsBackend readings, IAnomalyStore anomalies,
    IMaintenanceOrderStore orders, TimeProvider time) : DashboardPage(text)
{
    public bool DatabaseOk { get; private set; }
    public double DatabaseMs { get; private set; }
    public IReadOnlyList<StoredAnomaly> RecentAlerts { get; private set; } = [];
    public IReadOnlyList<MaintenanceOrder> Upcoming { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        (DatabaseOk, DatabaseMs, _) = await readings.ProbeAsync(time, cancellationToken);
        if (!DatabaseOk)
        {
            return;
        }

        var now = time.GetUtcNow();
        RecentAlerts = (await anomalies.ListAsync(now.AddDays(-1), now.AddMinutes(5), 100, cancellationToken))
            .OrderByDescending(a => a.DetectedAt).ToList();
        Upcoming = (await orders.ListAsync(now, null, null, 200, cancellationToken))
            .Where(o => o.Start is not null).OrderBy(o => o.Start).Take(5).ToList();
    }
}
