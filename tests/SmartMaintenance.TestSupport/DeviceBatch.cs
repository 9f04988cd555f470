namespace SmartMaintenance.TestSupport;

/// <summary>
/// The body the edge broker posts to POST /api/v1/data/ingest/batch, for tests that play the broker: one item per
/// message body (the device fields after the common ones, e.g. <c>"k":"s","val":60.25,"n":60</c>), sequences 1..n,
/// device timestamps a second ago, all of sensor "{device}-temp".
/// </summary>
public static class DeviceBatch
{
    public static string Json(string device, string sensorType, string unit, params string[] bodies)
    {
        var now = DateTimeOffset.UtcNow;
        var items = bodies.Select((body, i) => $$"""
            {"site":"plant-1","device_id":"{{device}}","sequence":{{i + 1}},"received_at":"{{now:O}}",
             "message":{"v":1,"dev":"{{device}}","seq":{{i + 1}},"ts":{{now.ToUnixTimeMilliseconds() - 1000 + i}},"cv":1,"sid":"{{device}}-temp","st":"{{sensorType}}","u":"{{unit}}",{{body}} } }
            """);
        return $$"""{"broker_id":"b1","batch_id":"{{device}}","items":[{{string.Join(",", items)}}]}""";
    }
}
