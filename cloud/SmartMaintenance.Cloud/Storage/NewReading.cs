namespace SmartMaintenance.Cloud.Storage;

/// <summary>A reading on its way into storage. DeviceId + Sequence, when present, is its idempotency key.</summary>
public sealed record NewReading(
    string? DeviceId,
    long? Sequence,
    string SensorId,
    string SensorType,
    string Unit,
    string Kind,
    double Value,
    DateTimeOffset Timestamp,
    DateTimeOffset ReceivedAt,
    string? CorrelationId,
    double? ZScore = null);

/// <summary>Outcome of storing one reading: its id, or Duplicate when the idempotency key was already stored.</summary>
public readonly record struct AppendResult(long? Id, bool Duplicate);

/// <summary>Filters and keyset position of a readings query.</summary>
public sealed record ReadingQuery(
    string? SensorId = null,
    string? SensorType = null,
    string? DeviceId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long AfterId = 0,
    int Limit = 100);
