using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>GoldenPath: waits for its backend (see docs/dashboard.md); says so in the chosen language, shows no made-up data.</summary>
public sealed class GoldenPathModel(IStringLocalizer<DashboardText> text) : DashboardPage(text)
{
    public void OnGet()
    {
    }

    /// <summary>Any action on this page needs the role checked here first; until its backend runs, nothing else happens.</summary>
    public IActionResult OnPost()
    {
        if (!CanOperate)
        {
            return NotAllowed();
        }

        return Page();
    }
}
