namespace SmartMaintenance.Cloud.Agents.Events;

/// <summary>A stored reading as the agents see it (id = the reading store's id).</summary>
public sealed record SensorReading(
    long ReadingId,
    string DeviceId,
    string SensorId,
    string SensorType,
    string Unit,
    string Kind,
    double Value,
    DateTimeOffset Timestamp,
    string? CorrelationId = null);
