namespace SmartMaintenance.Cloud.Storage;

/// <summary>
/// A reading on its way into storage. <see cref="DedupKey"/>, when present, is its idempotency key: "device:sequence"
/// for device messages, or derived from the client's Idempotency-Key header (see <see cref="DedupKeys"/>).
/// The statistics are the device's own, kept as sent (null when the message did not carry them): a summary's
/// sample count, standard deviation, minimum and maximum over its period (its mean is <see cref="Value"/>), and a
/// deviation's on-device baseline mean and standard deviation (its z-score is <see cref="ZScore"/>). Drift
/// detection and retraining need them; a summary row without them would read as one sample. <see cref="Stuck"/> is
/// true when the device's filter reported the sensor stuck (wire <c>stk</c>), null when the message did not say.
/// </summary>
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
    double? ZScore = null,
    string? DedupKey = null,
    long? SummaryCount = null,
    double? SummaryStd = null,
    double? SummaryMin = null,
    double? SummaryMax = null,
    double? BaselineMean = null,
    double? BaselineStd = null,
    bool? Stuck = null);

/// <summary>Outcome of storing one reading: its id, or Duplicate when the idempotency key was already stored.</summary>
public readonly record struct AppendResult(long? Id, bool Duplicate);

/// <summary>
/// Filters and keyset position of a readings query. ExcludeDevices: readings of these devices are left out (the
/// dashboard's hidden demo site; readings without a device stay in).
/// </summary>
public sealed record ReadingQuery(
    string? SensorId = null,
    string? SensorType = null,
    string? DeviceId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long AfterId = 0,
    int Limit = 100,
    IReadOnlyCollection<string>? ExcludeDevices = null);

/// <summary>One sensor's readings folded into buckets of <see cref="Bucket"/> between From (inclusive) and To (exclusive).</summary>
public sealed record AggregateQuery(string SensorId, TimeSpan Bucket, DateTimeOffset From, DateTimeOffset To);

/// <summary>The statistics of one time bucket.</summary>
public sealed record ReadingAggregate(DateTimeOffset BucketStart, long Count, double Min, double Max, double Avg);

/// <summary>What the registry of sensors knows about one sensor.</summary>
public sealed record SensorSummary(
    string SensorId, string SensorType, string Unit, string? DeviceId,
    DateTimeOffset FirstSeen, DateTimeOffset LastSeen, double LastValue);

/// <summary>How idempotency keys are spelled, one place for every ingestion path.</summary>
public static class DedupKeys
{
    public static string ForDevice(string deviceId, long sequence) => string.Concat("d:", deviceId, ":", sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string ForClientKey(string idempotencyKey) => "k:" + idempotencyKey;

    public static string ForClientKey(string idempotencyKey, long line) =>
        string.Concat("k:", idempotencyKey, ":", line.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
