using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Tests;

/// <summary>
/// The reading store as the host's port (ReadingStorePorts) answers a rebuild, over a list: ids below the handled one,
/// within the window, lowest id first; a device's and a sensor's last <c>limit</c>. The port itself is
/// tested on the real store (HostApi/ReadingHistoryPortTests); this one lets a test say exactly what was stored.
/// </summary>
public sealed class StoredReadingHistory(IReadOnlyList<SensorReading> all) : IMachineHistory
{
    /// <summary>Sensor reads asked for (device/sensor), to see when an agent rebuilt.</summary>
    public List<string> SensorReads { get; } = [];

    public Task<IReadOnlyList<SensorReading>> ReadDeviceAsync(string deviceId, long beforeId, DateTimeOffset since, int limit,
        CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SensorReading>>(
            [.. all.Where(r => r.DeviceId == deviceId && r.ReadingId < beforeId && r.Timestamp >= since).OrderBy(r => r.ReadingId).TakeLast(limit)]);

    public Task<IReadOnlyList<SensorReading>> ReadSensorAsync(string deviceId, string sensorId, long beforeId, DateTimeOffset since, int limit,
        CancellationToken cancellationToken)
    {
        lock (SensorReads)
        {
            SensorReads.Add($"{deviceId}/{sensorId}");
        }

        return Task.FromResult<IReadOnlyList<SensorReading>>(
            [.. all.Where(r => r.DeviceId == deviceId && r.SensorId == sensorId && r.ReadingId < beforeId && r.Timestamp >= since)
                .OrderBy(r => r.ReadingId).TakeLast(limit)]);
    }
}
