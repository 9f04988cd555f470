using SmartMaintenance.Cloud.Agents.Storage;

namespace SmartMaintenance.Cloud.Agents.Acquisition;

/// <summary>
/// The lease of a single instance (SQLite: one process owns the file): always held, the cursor in agent_cursors.
/// </summary>
public sealed class LocalAcquisitionLease(ICursorStore cursors) : IAcquisitionLease
{
    public bool IsLeader => true;

    public long Takeovers => 1;

    public Task<bool> TryHoldAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<long?> ReadCursorAsync(CancellationToken cancellationToken) => cursors.GetAsync(DataAcquisitionAgent.CursorName, cancellationToken);

    public Task AdvanceCursorAsync(long position, CancellationToken cancellationToken) =>
        cursors.SetAsync(DataAcquisitionAgent.CursorName, position, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
