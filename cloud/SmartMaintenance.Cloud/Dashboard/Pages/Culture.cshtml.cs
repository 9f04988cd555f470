using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMaintenance.Cloud.Dashboard.Localization;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// The header's display preferences: the language (culture cookie) and the temperature unit (K or °C, cookie
/// <see cref="Display.TemperatureDisplay.CookieName"/>), each kept for a year, then back to the page.
/// </summary>
public sealed class CultureModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(DashboardRoutes.Prefix);

    public IActionResult OnPost(string? culture, string? temperature, string? returnUrl)
    {
        if (temperature is "K" or "C")
        {
            Response.Cookies.Append(Display.TemperatureDisplay.CookieName, temperature, new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                IsEssential = true,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Path = DashboardRoutes.Prefix,
            });
        }

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
