#nullable disable
namespace SmartMaintenance.Contracts.Wire
{
    /// <summary>Hard limits every hop enforces, so a bad device cannot exhaust the broker or the cloud.</summary>
    public static class WireLimits
    {
        /// <summary>Largest telemetry payload a device may publish, in bytes. A full message is ~200 bytes.</summary>
        public const int MaxPayloadBytes = 1024;

        /// <summary>Largest number of readings in one broker -> cloud batch.</summary>
        public const int MaxBatchSize = 1000;

        /// <summary>Longest device, site or sensor id, in characters.</summary>
        public const int MaxIdLength = 64;

        /// <summary>
        /// Largest config message a device keeps, in bytes (its receive buffer); the cloud refuses to store a bigger
        /// one, since the device would drop it without an acknowledgement.
        /// </summary>
        public const int MaxConfigBytes = 512;

        /// <summary>How far in the future a device timestamp may lie before it is refused, in milliseconds.</summary>
        public const long MaxClockSkewMs = 5 * 60 * 1000;

        /// <summary>
        /// Largest per-device sequence number (2^53 - 1, exact in a JSON double as well): far beyond any device's
        /// life (285,000 years at one message per millisecond), so a larger one is a corrupt counter. Refused.
        /// </summary>
        public const long MaxSequence = 9007199254740991;

        /// <summary>
        /// Earliest timestamp a device with a valid clock (cv = 1) may report: 2020-01-01T00:00:00Z in Unix
        /// milliseconds, before any of these devices existed. Earlier is an unset or corrupt clock. Refused.
        /// </summary>
        public const long MinTimestampMs = 1577836800000;

        /// <summary>Longest plausible device uptime: 10 years in milliseconds. A larger one is a corrupt counter. Refused.</summary>
        public const long MaxUptimeMs = 10L * 36525 * 24 * 60 * 60 * 1000 / 100;
    }
}
