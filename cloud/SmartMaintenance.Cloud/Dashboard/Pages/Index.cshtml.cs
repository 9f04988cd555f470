using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Dashboard.Backends;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>Overview: is the plant talking to us (live readings), what needs attention (alerts, maintenance).</summary>
public sealed class IndexModel(IStringLocalizer<DashboardText> text, ReadingsBackend readings, TimeProvider time) : DashboardPage(text)
{
    public bool DatabaseOk { get; private set; }
    public double DatabaseMs { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        (DatabaseOk, DatabaseMs, _) = await readings.ProbeAsync(time, cancellationToken);
    }
}
