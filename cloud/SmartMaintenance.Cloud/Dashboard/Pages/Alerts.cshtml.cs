using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>Alerts: anomalies the detectors found, newest first, with each detector's evidence.</summary>
public sealed class AlertsModel(IStringLocalizer<DashboardText> text, IAnomalyStore anomalies, TimeProvider time) : DashboardPage(text)
{
    public IReadOnlyList<StoredAnomaly> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Items = (await anomalies.ListAsync(now.AddDays(-30), now.AddMinutes(5), 200, cancellationToken))
            .OrderByDescending(a => a.DetectedAt).ToList();
    }
}
