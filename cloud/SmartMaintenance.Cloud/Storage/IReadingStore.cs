using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Storage;

/// <summary>
/// Where readings live. Two engines implement it (SQLite embedded, PostgreSQL) with the same semantics, proven by
/// one contract test suite: appends are idempotent by their de-duplication key, every append answers per item
/// (stored with its id, or duplicate) only after the rows are committed, and queries page by ascending id
/// (keyset) — ids are handed out by a single writer, so a page never skips a row committed later.
/// </summary>
public interface IReadingStore
{
    /// <summary>Stores the readings (through the write-behind buffer); one result per reading, in order.</summary>
    Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<NewReading> readings, CancellationToken cancellationToken);

    /// <summary>The reading stored under a de-duplication key (see <see cref="DedupKeys"/>), or null.</summary>
    Task<StoredReading?> FindByDedupKeyAsync(string dedupKey, CancellationToken cancellationToken);

    /// <summary>Returns readings after the keyset position, oldest id first.</summary>
    Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken);

    /// <summary>Counts the readings matching the filters (the keyset position and limit are ignored).</summary>
    Task<long> CountAsync(ReadingQuery query, CancellationToken cancellationToken);

    /// <summary>Count, min, max and mean per time bucket of one sensor, oldest bucket first.</summary>
    Task<IReadOnlyList<ReadingAggregate>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken);

    /// <summary>Every sensor seen so far with its type, unit, last value and first/last seen times.</summary>
    Task<IReadOnlyList<SensorSummary>> ListSensorsAsync(CancellationToken cancellationToken);
}
