using SmartMaintenance.Firmware.Core.Platform;

namespace SmartMaintenance.Firmware.Tests.Fakes;

/// <summary>A clock the test moves by hand: no test sleeps.</summary>
internal sealed class FakeClock : IClock
{
    public long UptimeMs { get; set; }

    public bool IsUtcValid { get; set; } = true;

    public long UtcBaseMs { get; set; } = 1_764_000_000_000;

    public long UtcNowMs => UtcBaseMs + UptimeMs;

    public void Advance(long ms) => UptimeMs += ms;
}
