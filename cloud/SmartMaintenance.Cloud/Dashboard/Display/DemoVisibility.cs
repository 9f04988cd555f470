using SmartMaintenance.Cloud.Agents.Demo;

namespace SmartMaintenance.Cloud.Dashboard.Display;

/// <summary>
/// Whether the reader sees the demo site's data (Simulation and Golden Path runs): hidden by default, shown while the
/// cookie <see cref="Cookie"/> says so (the toggle in the top bar sets it for a year). Pages ask
/// <see cref="HiddenDevicesAsync"/> which devices to leave out: none while demo data is shown.
/// </summary>
public sealed class DemoVisibility(IDemoSite demo)
{
    public const string Cookie = "sm_demo";

    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    public static bool Shown(HttpContext context) => context.Request.Cookies[Cookie] == "show";

    public static void Set(HttpContext context, bool show) =>
        context.Response.Cookies.Append(Cookie, show ? "show" : "hide", new CookieOptions
        {
            Path = DashboardRoutes.Prefix, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, MaxAge = TimeSpan.FromDays(365),
            IsEssential = true,
        });

    /// <summary>The demo site's devices while demo data is hidden; empty while it is shown. Computed once per request.</summary>
    public async Task<IReadOnlySet<string>> HiddenDevicesAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (Shown(context))
        {
            return None;
        }

        if (context.Items[typeof(DemoVisibility)] is IReadOnlySet<string> cached)
        {
            return cached;
        }

        var ids = await demo.DeviceIdsAsync(cancellationToken);
        context.Items[typeof(DemoVisibility)] = ids;
        return ids;
    }

    /// <summary>A report of a demo run (the Golden Path's own report, or a simulation's).</summary>
    public static bool IsDemoReport(string correlationId) => Agents.Reporting.ReportService.IsDemoCorrelation(correlationId);
}
