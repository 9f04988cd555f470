namespace SmartMaintenance.Cloud.Dashboard.Auth;

/// <summary>
/// The three dashboard roles (SPEC §3 Security): a viewer reads; an operator also records decisions, creates
/// maintenance orders and runs simulations; an admin also manages devices, keys and models.
/// </summary>
public static class DashboardRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Operator, Admin];

    /// <summary>The authorization policies, named after the least role they admit.</summary>
    public const string CanView = "dashboard-view";
    public const string CanOperate = "dashboard-operate";
    public const string CanAdminister = "dashboard-admin";

    public static bool IsKnown(string? role) => role is Viewer or Operator or Admin;
}
