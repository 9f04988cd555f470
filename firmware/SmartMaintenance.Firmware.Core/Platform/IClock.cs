#nullable disable
namespace SmartMaintenance.Firmware.Core.Platform
{
    /// <summary>
    /// Time as the core sees it: a monotonic uptime for every interval, and wall-clock UTC that is trusted only
    /// once SNTP has set it (an ESP32 boots at 1970 or at whatever the RTC held).
    /// </summary>
    public interface IClock
    {
        /// <summary>Milliseconds since boot; never goes back.</summary>
        long UptimeMs { get; }

        /// <summary>True once the UTC clock was set from a trusted source (SNTP).</summary>
        bool IsUtcValid { get; }

        /// <summary>UTC now in Unix milliseconds; meaningful only when IsUtcValid.</summary>
        long UtcNowMs { get; }
    }
}
