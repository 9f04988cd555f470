using System.Collections.Concurrent;

namespace SmartMaintenance.EdgeBroker.Ingress;

/// <summary>
/// The highest accepted sequence per device. Devices replay their outbox in order, so a sequence at or below it
/// is a redelivery (QoS 1 DUP, a replay after reconnect): acknowledged and dropped, never stored twice.
/// In memory only: after a broker restart a replay reaches the cloud, which de-duplicates by (device, sequence).
/// </summary>
public sealed class SequenceTracker
{
    private readonly ConcurrentDictionary<string, long> _last = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="sequence"/> is new for the device (and records it).</summary>
    public bool TryAdvance(string deviceId, long sequence)
    {
        // One connection per device id (a takeover closes the old one), so updates for a device do not race.
        if (_last.TryGetValue(deviceId, out var last) && sequence <= last)
        {
            return false;
        }

        _last[deviceId] = sequence;
        return true;
    }

    /// <summary>Undoes <see cref="TryAdvance"/> when the reading could not be stored, so the device's resend is accepted.</summary>
    public void Rollback(string deviceId, long sequence)
    {
        _last.TryUpdate(deviceId, sequence - 1, sequence);
    }
}
