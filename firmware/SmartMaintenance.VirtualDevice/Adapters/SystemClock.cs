using SmartMaintenance.Firmware.Core.Platform;

namespace SmartMaintenance.VirtualDevice.Adapters;

/// <summary>
/// The desktop's clock as the core's IClock. The UTC clock can be declared invalid for the first seconds, to
/// reproduce a board that has not reached SNTP yet (cv = 0 with uptime).
/// </summary>
internal sealed class SystemClock(TimeProvider time, long invalidForMs) : IClock
{
    private readonly long _start = time.GetTimestamp();

    public long UptimeMs => (long)time.GetElapsedTime(_start).TotalMilliseconds;

    public bool IsUtcValid => UptimeMs >= invalidForMs;

    public long UtcNowMs => time.GetUtcNow().ToUnixTimeMilliseconds();
}
