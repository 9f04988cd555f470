using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.AnomalyDetection;

/// <summary>Detected anomalies (the dashboard's alerts and the reports' source); idempotent by event id.</summary>
public interface IAnomalyStore
{
    Task AddAsync(AnomalyDetected anomaly, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredAnomaly>> ListAsync(DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken);

    Task<StoredAnomaly?> GetAsync(long id, CancellationToken cancellationToken);
}

public sealed record StoredAnomaly(long Id, string EventId, string CorrelationId, string DeviceId, string SensorId,
    string SensorType, double Value, double Score, AnomalySeverity Severity, IReadOnlyList<DetectorEvidence> Evidence,
    DateTimeOffset ReadingAt, DateTimeOffset DetectedAt);
