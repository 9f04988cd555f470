namespace SmartMaintenance.Cloud.Dashboard;

/// <summary>The side menu, in the order a plant technician works through the day.</summary>
public static class DashboardNavigation
{
    public sealed record Item(string Page, string Path);

    public static readonly IReadOnlyList<Item> Items =
    [
        new("Index", ""),
        new("Incidents", "Incidents"),
        new("Alerts", "Alerts"),
        new("Maintenance", "Maintenance"),
        new("Decisions", "Decisions"),
        new("Devices", "Devices"),
        new("DataExplorer", "DataExplorer"),
        new("Ingest", "Ingest"),
        new("Prediction", "Prediction"),
        new("GoldenPath", "GoldenPath"),
        new("Simulation", "Simulation"),
        new("Demo", "Demo"),
        new("Models", "Models"),
        new("Metrics", "Metrics"),
        new("Reports", "Reports"),
        new("System", "System"),
    ];
}
