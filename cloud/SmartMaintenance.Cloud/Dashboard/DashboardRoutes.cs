namespace SmartMaintenance.Cloud.Dashboard;

/// <summary>
/// Every dashboard URL lives under one prefix, so pages never collide with the API (/api, /health, /metrics),
/// and culture and sign-in apply to the dashboard only.
/// </summary>
public static class DashboardRoutes
{
    public const string Prefix = "/ui";

    public static bool IsDashboard(PathString path) => path.StartsWithSegments(Prefix);
}
