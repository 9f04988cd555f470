namespace SmartMaintenance.Cloud.Resources;

/// <summary>
/// Marker type of the dashboard's strings: DashboardText.resx (English) and DashboardText.pt-BR.resx (Brazilian
/// Portuguese) beside this file. Views get them through IStringLocalizer&lt;DashboardText&gt;; the resource test
/// keeps both files on the same keys.
/// </summary>
public sealed class DashboardText
{
}
