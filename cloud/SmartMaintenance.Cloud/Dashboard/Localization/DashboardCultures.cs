using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace SmartMaintenance.Cloud.Dashboard.Localization;

/// <summary>
/// English and Brazilian Portuguese. The choice is kept in the standard culture cookie (set by the language
/// switch); without it the browser's Accept-Language decides; anything else falls back to English.
/// </summary>
public static class DashboardCultures
{
    public const string English = "en";
    public const string Portuguese = "pt-BR";

    public static readonly CultureInfo[] Supported = [new(English), new(Portuguese)];

    public static string CookieName => CookieRequestCultureProvider.DefaultCookieName;

    public static RequestLocalizationOptions CreateOptions()
    {
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(English),
            SupportedCultures = Supported,
            SupportedUICultures = Supported,
            // "pt" or "pt-PT" from a browser still gets the Portuguese pages.
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider(),
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
        return options;
    }

    public static bool IsSupported(string? culture) => culture is English or Portuguese;

    /// <summary>The cookie value that selects the culture for both formatting and text.</summary>
    public static string CookieValue(string culture) =>
        CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture));
}
