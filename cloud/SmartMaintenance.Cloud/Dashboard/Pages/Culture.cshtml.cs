using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMaintenance.Cloud.Dashboard.Localization;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>The language switch: keeps the choice in the culture cookie for a year and goes back to the page.</summary>
public sealed class CultureModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(DashboardRoutes.Prefix);

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        if (DashboardCultures.IsSupported(culture))
        {
            Response.Cookies.Append(DashboardCultures.CookieName, DashboardCultures.CookieValue(culture!), new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                IsEssential = true,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Path = DashboardRoutes.Prefix,
            });
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) && returnUrl!.StartsWith(DashboardRoutes.Prefix, StringComparison.Ordinal)
            ? returnUrl
            : DashboardRoutes.Prefix);
    }
}
