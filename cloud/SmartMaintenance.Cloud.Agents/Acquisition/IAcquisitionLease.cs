namespace SmartMaintenance.Cloud.Agents.Acquisition;

/// <summary>
/// The right to read new readings into the bus: held by one instance of the cloud at a time, with the acquisition
/// cursor read and advanced through it, so an instance that lost the lease can no longer move the cursor.
/// With SQLite (one instance only) it is always held (<see cref="LocalAcquisitionLease"/>); with PostgreSQL it is a
/// session-level advisory lock on a dedicated connection (<see cref="PostgresAcquisitionLease"/>).
/// </summary>
public interface IAcquisitionLease : IAsyncDisposable
{
    /// <summary>True while this instance holds the lease (as of the last try or cursor access).</summary>
    bool IsLeader { get; }

    /// <summary>How many times this instance has taken the lease (the first time included).</summary>
    long Takeovers { get; }

    /// <summary>Takes the lease if it is free, keeps it if held; false when another instance holds it.</summary>
    Task<bool> TryHoldAsync(CancellationToken cancellationToken);

    /// <summary>The last reading id published into the bus (null before the first). Throws, and drops the lease, if it was lost.</summary>
    Task<long?> ReadCursorAsync(CancellationToken cancellationToken);

    /// <summary>Moves the cursor after the bus accepted the readings up to this id. Throws, and drops the lease, if it was lost.</summary>
    Task AdvanceCursorAsync(long position, CancellationToken cancellationToken);
}
