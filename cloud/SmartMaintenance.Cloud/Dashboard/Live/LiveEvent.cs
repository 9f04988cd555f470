namespace SmartMaintenance.Cloud.Dashboard.Live;

/// <summary>One message pushed to open pages: a topic (readings, alerts, golden-path, devices) and a JSON body.</summary>
public sealed record LiveEvent(string Topic, string Json);

/// <summary>The topics pages can subscribe to.</summary>
public static class LiveTopics
{
    public const string Readings = "readings";
    public const string Alerts = "alerts";
    public const string GoldenPath = "golden-path";
    public const string Devices = "devices";

    public static bool IsKnown(string topic) => topic is Readings or Alerts or GoldenPath or Devices;
}
