using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Acquisition;

/// <summary>
/// Port to the cloud's reading store (adapted in the host, which owns IReadingStore): readings after an id,
/// oldest first. Data acquisition follows it with a cursor, so every stored reading is seen once.
/// </summary>
public interface IReadingSource
{
    Task<IReadOnlyList<SensorReading>> ReadAfterAsync(long afterId, int limit, CancellationToken cancellationToken);
}

/// <summary>A reading the simulator or the Golden Path sends through the real ingestion path.</summary>
public sealed record GeneratedReading(string DeviceId, string SensorId, string SensorType, string Unit, double Value,
    DateTimeOffset Timestamp, string CorrelationId);

/// <summary>Port to the cloud's reading store for generated readings; returns the stored ids.</summary>
public interface IReadingWriter
{
    Task<IReadOnlyList<long>> AppendAsync(IReadOnlyList<GeneratedReading> readings, CancellationToken cancellationToken);
}
