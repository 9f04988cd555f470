using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Demo;
using SmartMaintenance.Cloud.Dashboard.Display;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// Demo data: what the demo site holds (the devices Simulation and Golden Path runs write under), show or hide it on
/// every page (the reader's preference, a cookie; the top bar has the same switch), and clear it (operator, after
/// ticking the confirmation; recorded in the decision log under <see cref="DemoDataCleaner.RequestId"/>).
/// </summary>
public sealed class DemoModel(IStringLocalizer<DashboardText> text, IDemoSite demo, DemoDataCleaner cleaner) : DashboardPage(text)
{
    public IReadOnlyList<string> Devices { get; private set; } = [];

    public IReadOnlyList<RequestDecision> History { get; private set; } = [];

    public DemoClearResult? Cleared { get; private set; }

    [BindProperty] public bool Confirm { get; set; }

    public bool Shown => DemoVisibility.Shown(HttpContext);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>Show or hide demo data (a display preference: every signed-in role may), then back to the page it came from.</summary>
    public IActionResult OnPostToggle(bool show, string? returnUrl)
    {
        DemoVisibility.Set(HttpContext, show);
        return LocalRedirect(returnUrl is not null && Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith(DashboardRoutes.Prefix, StringComparison.Ordinal) ? returnUrl : DashboardRoutes.Prefix + "/Demo");
    }

    public async Task<IActionResult> OnPostClearAsync(CancellationToken cancellationToken)
    {
        if (!CanOperate)
        {
            return NotAllowed();
        }

        if (!Confirm)
        {
            FieldError(nameof(Confirm), "Demo.Error.Confirm");
        }
        else
        {
            Cleared = await cleaner.ClearAsync(User.FindFirstValue(ClaimTypes.NameIdentifier) ?? User.Identity!.Name!, cancellationToken);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Devices = [.. (await demo.DeviceIdsAsync(cancellationToken)).Order(StringComparer.Ordinal)];
        History = await cleaner.HistoryAsync(5, cancellationToken);
    }
}
