using System.Text.Json.Serialization;

namespace SmartMaintenance.Cloud.Compatibility;

/// <summary>
/// The documents' simulation bodies (Simulation Console: drift 50 events, anomaly 50 events with 10 anomalies, normal
/// 100 events). Counts may come as num_events, num_samples or count; everything is optional.
/// </summary>
public sealed record SimulationEventBody(
    [property: JsonPropertyName("sensor_id")] string? SensorId = null,
    [property: JsonPropertyName("device_id")] string? DeviceId = null,
    [property: JsonPropertyName("sensor_type")] string? SensorType = null,
    [property: JsonPropertyName("num_events")] int? NumEvents = null,
    [property: JsonPropertyName("num_samples")] int? NumSamples = null,
    [property: JsonPropertyName("count")] int? Count = null,
    [property: JsonPropertyName("num_anomalies")] int? NumAnomalies = null,
    [property: JsonPropertyName("anomalies")] int? Anomalies = null,
    [property: JsonPropertyName("drift_amount")] double? DriftAmount = null,
    [property: JsonPropertyName("drift_size")] double? DriftSize = null,
    [property: JsonPropertyName("severity")] string? Severity = null,
    [property: JsonPropertyName("duration_minutes")] int? DurationMinutes = null,
    [property: JsonPropertyName("seed")] int? Seed = null)
{
    public int? Events => NumEvents ?? NumSamples ?? Count;
}
