using SmartMaintenance.EdgeBroker.Outbox;

namespace SmartMaintenance.EdgeBroker.Ingress;

/// <summary>
/// One device's sequence progress. Devices replay their outbox in order, so a sequence at or below the highest
/// admitted one, within <see cref="ReplayWindow"/> of it, is a redelivery (QoS 1 DUP, a replay after reconnect):
/// acknowledged, not stored again. A sequence whose outbox write failed becomes a hole below that mark and is
/// admitted again when the device resends it. Holes make the undo exact for every failed message, whatever was
/// admitted after it: a group of several in-flight readings can fail while a later one is stored, and each of
/// them must still be stored when resent.
/// A sequence more than <see cref="ReplayWindow"/> below the highest one seen cannot be a replay (a device replays
/// at most its outbox): the device restarted its counter (reflash, factory reset, restored backup). It starts a
/// new epoch instead of being dropped: the cloud, which de-duplicates by (device, sequence) for ever, gets
/// <see cref="CloudSequence"/> = epoch base + device sequence, where the new base is one past the highest cloud
/// sequence of the old epoch. The base is kept on disk (SequenceTracker) so a broker restart keeps it.
/// Called from the connection's receive loop (admit) and from the outbox writer (failures), hence the lock.
/// </summary>
public sealed class DeviceSequence(string deviceId, long replayWindow = DeviceSequence.DefaultReplayWindow, long epochBase = 0, long highest = -1)
    : IAppendFailureListener
{
    /// <summary>
    /// Packet identifiers are 16-bit (MQTT-2.2.1), so no device has more QoS 1 publishes unacknowledged at once.
    /// Past this many holes the oldest is given up (a device that never resent it has dropped it anyway).
    /// </summary>
    internal const int MaxHoles = 65_535;

    /// <summary>Above the firmware's outbox (48 readings) and the virtual device's (256).</summary>
    public const long DefaultReplayWindow = 1024;

    private readonly Lock _gate = new();
    private long _last = -1;
    // Highest device sequence of the current epoch, also from before a broker restart (then only a hint for
    // detecting restarts: the mark itself starts empty, so replays after a broker restart are stored again).
    private long _highest = highest;
    private long _base = epochBase;
    private HashSet<long>? _holes;
    private Task _newest = Task.CompletedTask;

    public string DeviceId { get; } = deviceId;

    public long ReplayWindow { get; } = replayWindow;

    /// <summary>What the cloud keys this device's readings by in the current epoch: base + device sequence.</summary>
    public long EpochBase
    {
        get
        {
            lock (_gate)
            {
                return _base;
            }
        }
    }

    /// <summary>Highest device sequence seen in the current epoch (-1: none).</summary>
    public long Highest
    {
        get
        {
            lock (_gate)
            {
                return Math.Max(_highest, _last);
            }
        }
    }

    /// <summary>True when <paramref name="sequence"/> must be stored: above the mark, or a hole left by a failed write.</summary>
    public bool TryAdmit(long sequence) => Admit(sequence, out _) != SequenceOutcome.Duplicate;

    /// <summary>
    /// Admits <paramref name="sequence"/> (see the class remarks); <paramref name="cloudSequence"/> is the cloud's
    /// key for it when it is to be stored.
    /// </summary>
    public SequenceOutcome Admit(long sequence, out long cloudSequence)
    {
        lock (_gate)
        {
            var highest = Math.Max(_highest, _last);
            if (highest >= 0 && sequence < highest - ReplayWindow)
            {
                // checked: the base only grows by what devices really counted, but never wrap into old keys.
                _base = checked(_base + highest + 1);
                _last = sequence;
                _highest = sequence;
                _holes = null;
                cloudSequence = checked(_base + sequence);
                return SequenceOutcome.Restarted;
            }

            cloudSequence = checked(_base + sequence);
            if (sequence > _last)
            {
                _last = sequence;
                _highest = Math.Max(_highest, sequence);
                return SequenceOutcome.Admitted;
            }

            return _holes is not null && _holes.Remove(sequence) ? SequenceOutcome.Admitted : SequenceOutcome.Duplicate;
        }
    }

    /// <summary>The reading of <paramref name="sequence"/> was admitted but not stored: admit it again when resent.</summary>
    public void Forget(long sequence)
    {
        lock (_gate)
        {
            if (sequence > _last)
            {
                return;
            }

            // Kept as a hole even when it is the newest: lowering the mark instead would be undone by the device's
            // next reading, which raises the mark over the failed ones again before they are resent.
            _holes ??= [];
            _holes.Add(sequence);
            if (_holes.Count > MaxHoles)
            {
                _holes.Remove(_holes.Min());
            }
        }
    }

    void IAppendFailureListener.AppendFailed(long tag) => Forget(tag);

    /// <summary>The durability task of the device's newest appended reading (the barrier for redeliveries).</summary>
    public void Appended(Task durable) => Volatile.Write(ref _newest, durable);

    /// <summary>
    /// For a redelivery of <paramref name="sequence"/>: null when its original is durable, else a task that
    /// completes when it is, or fails when its write failed, so the PUBACK is withheld and the device resends
    /// (then it is a hole and admitted). Appends are written in order, so the original is settled once the
    /// device's newest append is; and the writer reports failures before it fails or completes later tasks.
    /// Without this, a resend arriving while the original still waits for its fsync (a device that timed out
    /// and reconnected) would be acknowledged before the reading is on disk.
    /// </summary>
    public Task? RedeliveryDurable(long sequence)
    {
        var newest = Volatile.Read(ref _newest);
        return newest.IsCompletedSuccessfully ? null : ConfirmAsync(newest, sequence);
    }

    /// <summary>True when the reading of <paramref name="sequence"/> is admitted and not known to have failed.</summary>
    internal bool IsAdmitted(long sequence)
    {
        lock (_gate)
        {
            return sequence <= _last && _holes?.Contains(sequence) != true;
        }
    }

    private async Task ConfirmAsync(Task newest, long sequence)
    {
        try
        {
            await newest;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            // Whether this redelivery's original was in the failed group is decided below.
        }

        if (!IsAdmitted(sequence))
        {
            throw new IOException($"The original of {DeviceId} sequence {sequence} was not stored; the device must resend it.");
        }
    }
}

/// <summary>What <see cref="DeviceSequence.Admit"/> decided.</summary>
public enum SequenceOutcome
{
    Admitted,
    /// <summary>Already admitted: a redelivery.</summary>
    Duplicate,
    /// <summary>Far below the highest: the device restarted its counter; admitted in a new epoch.</summary>
    Restarted,
}
