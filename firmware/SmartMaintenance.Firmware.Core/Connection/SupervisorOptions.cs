#nullable disable
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Firmware.Core.Connection
{
    /// <summary>Timing of the connection supervisor; defaults suit a board on plant Wi-Fi.</summary>
    public sealed class SupervisorOptions
    {
        public int WifiTimeoutMs = 20000;
        public int BackoffBaseMs = 1000;
        /// <summary>One minute: long enough to spare a recovering broker, short enough for a technician waiting.</summary>
        public int BackoffCapMs = 60000;
        /// <summary>Without a broker for this long, batches go to the cloud over HTTP; 0 disables the fallback.</summary>
        public int HttpFallbackAfterMs = 5 * 60 * 1000;
        /// <summary>Pause between HTTP batches while the fallback is active (and after a failed one).</summary>
        public int HttpRetryMs = 30000;
        public int HttpBatchItems = 20;
        /// <summary>Publishes awaiting their PUBACK at once.</summary>
        public int MaxInFlight = 8;
        /// <summary>Largest config message kept for the main loop; the cloud refuses to store bigger ones.</summary>
        public int MaxConfigBytes = WireLimits.MaxConfigBytes;
    }
}
