#nullable disable
using System;
using SmartMaintenance.Firmware.Core.Platform;

namespace SmartMaintenance.Firmware.Adapters
{
    /// <summary>Uptime from the tick counter; UTC trusted once SNTP has set a date after 2024.</summary>
    internal sealed class DeviceClock : IClock
    {
        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        private static readonly DateTime Earliest = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

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
            get { return (DateTime.UtcNow - Epoch).Ticks / TimeSpan.TicksPerMillisecond; }
        }
    }
}
