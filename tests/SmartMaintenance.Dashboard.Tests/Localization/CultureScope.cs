using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Dashboard.Tests.Localization;

/// <summary>
/// The dashboard's own string localizer (the compiled .resx resources, as AddLocalization builds it) under a chosen
/// culture, set for both formatting and text as the request localization middleware sets it for a page.
/// </summary>
public static class CultureScope
{
    public static readonly IStringLocalizer Text = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(DashboardText));

    public static string In(string culture, Func<IStringLocalizer, string> render)
    {
        var (previous, previousUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return render(Text);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (previous, previousUi);
        }
    }
}
