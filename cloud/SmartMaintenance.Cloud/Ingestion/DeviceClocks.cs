using System.Collections.Concurrent;

namespace SmartMaintenance.Cloud.Ingestion;

/// <summary>
/// Dates readings whose device clock was not yet valid (before SNTP): the device then sends its uptime instead
/// (SPEC §1), and the reading was taken at boot + uptime. Boot is learnt per device: exactly from any reading that
/// carries both a valid timestamp and the uptime, else as the earliest (received at - uptime) seen since the
/// device booted — every transport delay only makes that later, so the minimum is the best bound, and a reading
/// replayed from the device's outbox after an outage gets its sampling time instead of its arrival time. An
/// uptime lower than the last one means the device rebooted: boot is learnt anew. Held in memory; after a cloud
/// restart the first readings of a device fall back to their arrival time until boot is learnt again.
/// </summary>
public sealed class DeviceClocks
{
    /// <summary>Devices remembered at most; beyond it the table starts over (bounded memory whatever arrives).</summary>
    public const int MaxDevices = 100_000;

    private readonly ConcurrentDictionary<string, Boot> _boots = new(StringComparer.Ordinal);

    /// <summary>A reading with a valid timestamp and its uptime: its device booted exactly at timestamp - uptime.</summary>
    public void Calibrate(string deviceId, DateTimeOffset timestamp, long uptimeMs)
    {
        if (uptimeMs < 0 || !TryShift(timestamp, -uptimeMs, out var bootAt))
        {
            // Not a boot any clock can hold (ingestion refuses such uptimes first; this keeps the class total).
            return;
        }

        var boot = Get(deviceId);
        lock (boot)
        {
            boot.At = bootAt;
            boot.Exact = true;
            boot.LastUptimeMs = uptimeMs;
        }
    }

    /// <summary>When a reading taken <paramref name="uptimeMs"/> after boot and received at <paramref name="receivedAt"/> was taken.</summary>
    public DateTimeOffset Estimate(string deviceId, long uptimeMs, DateTimeOffset receivedAt)
    {
        if (uptimeMs < 0 || !TryShift(receivedAt, -uptimeMs, out var candidate))
        {
            // An uptime no clock can subtract: the arrival time is the only date there is.
            return receivedAt;
        }

        var boot = Get(deviceId);
        lock (boot)
        {
            if (boot.At is null || uptimeMs < boot.LastUptimeMs)
            {
                boot.At = candidate;
                boot.Exact = false;
                boot.LastUptimeMs = uptimeMs;
            }
            else if (!boot.Exact && candidate < boot.At)
            {
                boot.At = candidate;
            }

            boot.LastUptimeMs = Math.Max(boot.LastUptimeMs, uptimeMs);
            var estimate = TryShift(boot.At.Value, uptimeMs, out var shifted) ? shifted : receivedAt;
            // Never later than it arrived: the bound can only be too early by clock drift, not too late.
            return estimate < receivedAt ? estimate : receivedAt;
        }
    }

    /// <summary>t + ms, or false when that lies outside what a DateTimeOffset can hold (instead of throwing).</summary>
    private static bool TryShift(DateTimeOffset t, long ms, out DateTimeOffset shifted)
    {
        const long MaxSpanMs = 315_537_897_600_000; // DateTimeOffset.MaxValue - MinValue, in milliseconds
        shifted = default;
        if (ms is > MaxSpanMs or < -MaxSpanMs)
        {
            return false;
        }

        var ticks = t.UtcTicks + ms * TimeSpan.TicksPerMillisecond;
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        shifted = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    private Boot Get(string deviceId)
    {
        // Known devices take the lock-free lookup; only a new one pays for Count (which takes every bucket lock).
        if (_boots.TryGetValue(deviceId, out var known))
        {
            return known;
        }

        if (_boots.Count >= MaxDevices)
        {
            _boots.Clear();
        }

        return _boots.GetOrAdd(deviceId, static _ => new Boot());
    }

    private sealed class Boot
    {
        public DateTimeOffset? At;
        public bool Exact;
        public long LastUptimeMs = -1;
    }
}
