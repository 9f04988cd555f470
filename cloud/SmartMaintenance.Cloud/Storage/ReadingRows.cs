using System.Data.Common;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Storage;

/// <summary>
/// A readings row as both engines select it (the same 19 columns in the same order), read into a
/// <see cref="StoredReading"/>. Only the two times are spelled differently per engine (timestamptz, Unix ms), so the
/// caller reads those.
/// </summary>
internal static class ReadingRows
{
    public const int TimestampColumn = 8, ReceivedAtColumn = 9;

    public static StoredReading Map(DbDataReader r, DateTimeOffset timestamp, DateTimeOffset receivedAt) => new()
    {
        Id = r.GetInt64(0),
        DeviceId = r.IsDBNull(1) ? null : r.GetString(1),
        Sequence = r.IsDBNull(2) ? null : r.GetInt64(2),
        SensorId = r.GetString(3),
        SensorType = r.GetString(4),
        Unit = r.GetString(5),
        Kind = r.GetString(6),
        Value = r.GetDouble(7),
        Timestamp = timestamp,
        ReceivedAt = receivedAt,
        CorrelationId = r.IsDBNull(10) ? null : r.GetString(10),
        ZScore = r.IsDBNull(11) ? null : r.GetDouble(11),
        SummaryCount = r.IsDBNull(12) ? null : r.GetInt64(12),
        SummaryStd = r.IsDBNull(13) ? null : r.GetDouble(13),
        SummaryMin = r.IsDBNull(14) ? null : r.GetDouble(14),
        SummaryMax = r.IsDBNull(15) ? null : r.GetDouble(15),
        BaselineMean = r.IsDBNull(16) ? null : r.GetDouble(16),
        BaselineStd = r.IsDBNull(17) ? null : r.GetDouble(17),
        Stuck = r.IsDBNull(18) ? null : r.GetBoolean(18),
    };
}
