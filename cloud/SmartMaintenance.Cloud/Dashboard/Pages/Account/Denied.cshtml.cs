using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMaintenance.Cloud.Dashboard.Auth;

namespace SmartMaintenance.Cloud.Dashboard.Pages.Account;

/// <summary>The clear "not allowed" page: an action above the signed-in user's role lands here (HTTP 403).</summary>
public sealed class DeniedModel : PageModel
{
    public string RoleKey => "Role." + (User.FindFirstValue(ClaimTypes.Role) ?? DashboardRoles.Viewer);

    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
