namespace SmartMaintenance.Cloud.Agents.Events;

/// <summary>
/// A stored reading as the agents see it (id = the reading store's id). The optional tail is what a device computed
/// itself and the cloud cannot rebuild from one row: <see cref="Stuck"/> is true when its filter reported the sensor
/// stuck (wire <c>stk</c>: no variance over its stuck window, of which a pre-filtering device sends the cloud only
/// this one anomaly); a periodic summary (kind "s") carries the count, standard deviation, minimum and maximum of its
/// period (<see cref="Value"/> is the mean). Null for readings without them (plain readings, simulation, Golden Path).
/// </summary>
public sealed record SensorReading(
    long ReadingId,
    string DeviceId,
    string SensorId,
    string SensorType,
    string Unit,
    string Kind,
    double Value,
    DateTimeOffset Timestamp,
    string? CorrelationId = null,
    bool? Stuck = null,
    long? SummaryCount = null,
    double? SummaryStd = null,
    double? SummaryMin = null,
    double? SummaryMax = null);
