using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Dashboard.Auth;
using SmartMaintenance.Cloud.Dashboard.Display;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// Base of every dashboard page: the localized strings, role checks for actions (a viewer may open every page
/// but only operators and admins may act), and a ModelState helper that puts localized errors next to fields.
/// </summary>
public abstract class DashboardPage(IStringLocalizer<DashboardText> text) : PageModel
{
    protected IStringLocalizer<DashboardText> Text { get; } = text;

    public bool CanOperate => User.IsInRole(DashboardRoles.Operator) || User.IsInRole(DashboardRoles.Admin);

    public bool CanAdminister => User.IsInRole(DashboardRoles.Admin);

    /// <summary>The "not allowed" answer for an action above the user's role (redirects to the denied page).</summary>
    protected IActionResult NotAllowed() => Forbid(DashboardAuth.Scheme);

    /// <summary>
    /// The demo site's devices, to leave out while demo data is hidden (empty while shown). Resolved from the request's
    /// services rather than each page's constructor: every list page needs it, and it keeps those constructors as they are.
    /// </summary>
    protected Task<IReadOnlySet<string>> HiddenDevicesAsync(CancellationToken cancellationToken) =>
        HttpContext.RequestServices.GetRequiredService<DemoVisibility>().HiddenDevicesAsync(HttpContext, cancellationToken);

    protected void FieldError(string field, string key, params object[] args) =>
        ModelState.AddModelError(field, Text[key, args]);
}
