#nullable disable
using System;
using SmartMaintenance.Firmware.Core.Platform;

namespace SmartMaintenance.Firmware.Adapters
{
    /// <summary>
    /// Uptime from Environment.TickCount64 (nanoFramework.Runtime.Native), and UTC trusted once SNTP has set a
    /// date after 2024: an ESP32 boots at 1970. The node connects without waiting for SNTP; until the clock is
    /// valid its messages carry cv = 0 and the uptime, and the cloud dates them from boot + uptime (DeviceClocks).
    /// </summary>
    internal sealed class DeviceClock : IClock
    {
        // nanoFramework's DateTime has no (..., DateTimeKind) constructor; its DateTime is UTC throughout.
        private static readonly DateTime Earliest = new DateTime(2024, 1, 1, 0, 0, 0);

        public long UptimeMs
        {
            get { return Environment.TickCount64; }
        }

        public bool IsUtcValid
        {
            get { return DateTime.UtcNow > Earliest; }
        }

        public long UtcNowMs
        {
            get { return (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond; }
        }
    }
}
