using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>Maintenance: waits for its backend (see docs/dashboard.md); says so in the chosen language, shows no made-up data.</summary>
public sealed class MaintenanceModel(IStringLocalizer<DashboardText> text) : DashboardPage(text)
{
    public void OnGet()
    {
    }
}
