using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Storage;

/// <summary>
/// Where readings live. Two engines implement it (SQLite embedded, PostgreSQL) with the same semantics:
/// appends are idempotent by (device id, sequence), queries page by ascending id (keyset).
/// </summary>
public interface IReadingStore
{
    /// <summary>Creates or upgrades the schema. Called once at start.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Stores the readings in one transaction; one result per reading, in order.</summary>
    Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<NewReading> readings, CancellationToken cancellationToken);

    /// <summary>Returns readings after the keyset position, oldest first.</summary>
    Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken);
}
