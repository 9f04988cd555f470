namespace SmartMaintenance.Cloud.Devices;

/// <summary>
/// When an edge broker last talked to this cloud: its registry sync (GET /api/v1/broker/sync, every
/// Broker:Cloud:SyncInterval, 30 s by default) and its device events (POST /api/v1/broker/events). In memory: a
/// restarted cloud knows nothing until the broker's next call, which the System page says as "not reported".
/// </summary>
public sealed class BrokerContact(TimeProvider time)
{
    private long _lastSyncTicks;
    private long _lastEventsTicks;
    private string? _lastBrokerId;

    public DateTimeOffset? LastSyncAt => At(Interlocked.Read(ref _lastSyncTicks));

    public DateTimeOffset? LastEventsAt => At(Interlocked.Read(ref _lastEventsTicks));

    /// <summary>The broker_id of the last event batch (the sync request carries none).</summary>
    public string? LastBrokerId => Volatile.Read(ref _lastBrokerId);

    /// <summary>The later of the two, or null when no broker called since the cloud started.</summary>
    public DateTimeOffset? LastContactAt => LastSyncAt > LastEventsAt || LastEventsAt is null ? LastSyncAt : LastEventsAt;

    public void Synced() => Interlocked.Exchange(ref _lastSyncTicks, time.GetUtcNow().UtcTicks);

    public void EventsReceived(string? brokerId)
    {
        Interlocked.Exchange(ref _lastEventsTicks, time.GetUtcNow().UtcTicks);
        if (brokerId is { Length: > 0 })
        {
            Volatile.Write(ref _lastBrokerId, brokerId);
        }
    }

    private static DateTimeOffset? At(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
