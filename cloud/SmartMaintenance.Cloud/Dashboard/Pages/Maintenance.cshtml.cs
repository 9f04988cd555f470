using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.Scheduling;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>Maintenance Schedule: the orders the scheduling agent created, with technician, window and status.</summary>
public sealed class MaintenanceModel(IStringLocalizer<DashboardText> text, IMaintenanceOrderStore orders) : DashboardPage(text)
{
    public IReadOnlyList<MaintenanceOrder> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Items = await orders.ListAsync(null, null, null, 200, cancellationToken);
}
