using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMaintenance.Cloud.Dashboard.Auth;

namespace SmartMaintenance.Cloud.Dashboard.Pages.Account;

public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(DashboardRoutes.Prefix);

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(DashboardAuth.Scheme);
        return LocalRedirect(DashboardRoutes.Prefix + "/Account/SignIn");
    }
}
