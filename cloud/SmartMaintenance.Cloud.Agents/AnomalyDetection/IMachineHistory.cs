using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.AnomalyDetection;

/// <summary>
/// Port to the cloud's reading store for rebuilding a machine's detector state (docs/agents.md, "Several instances"):
/// a device's stored readings with an id below <c>beforeId</c> and a timestamp at or after <c>since</c>, the <b>last</b>
/// <c>limit</c> of them (the state the rebuild must reach depends on the most recent rows), lowest id first (the order
/// data acquisition published them in). Adapted in the host; without it
/// (<see cref="NoMachineHistory"/>) a machine (or sensor) first seen by this process starts from an empty state, as before.
/// </summary>
public interface IMachineHistory
{
    Task<IReadOnlyList<SensorReading>> ReadDeviceAsync(string deviceId, long beforeId, DateTimeOffset since, int limit,
        CancellationToken cancellationToken);

    /// <summary>
    /// One sensor's stored readings (all kinds) with an id below <c>beforeId</c> and a timestamp at or after <c>since</c>:
    /// the <b>last</b> <c>limit</c> of them, lowest id first. The validation and drift agents rebuild a sensor's memory
    /// from it (its most recent readings are the ones that matter to them).
    /// </summary>
    Task<IReadOnlyList<SensorReading>> ReadSensorAsync(string deviceId, string sensorId, long beforeId, DateTimeOffset since, int limit,
        CancellationToken cancellationToken);
}

/// <summary>No history: a machine first seen by this process learns its baseline from scratch.</summary>
public sealed class NoMachineHistory : IMachineHistory
{
    public Task<IReadOnlyList<SensorReading>> ReadDeviceAsync(string deviceId, long beforeId, DateTimeOffset since, int limit,
        CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<SensorReading>>([]);

    public Task<IReadOnlyList<SensorReading>> ReadSensorAsync(string deviceId, string sensorId, long beforeId, DateTimeOffset since, int limit,
        CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<SensorReading>>([]);
}
