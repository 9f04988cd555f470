#nullable disable
namespace SmartMaintenance.Firmware.Core.Reliability
{
    /// <summary>
    /// The status LED's patterns, as a function of the pattern and the uptime so the main loop (or the
    /// unprovisioned loop) only has to write the pin. Documented for technicians in firmware/README.md.
    /// </summary>
    public static class StatusLed
    {
        /// <summary>Steady on: connected to the broker, data flowing.</summary>
        public const int Online = 0;
        /// <summary>Even blink, 2 per second: joining Wi-Fi or connecting to the broker.</summary>
        public const int Connecting = 1;
        /// <summary>Two short flashes every 2 s: no valid provisioning file; see the serial output.</summary>
        public const int Unprovisioned = 2;

        public static bool IsOn(int pattern, long uptimeMs)
        {
            switch (pattern)
            {
                case Online:
                    return true;
                case Connecting:
                    return (uptimeMs / 250) % 2 == 0;
                case Unprovisioned:
                    long phase = uptimeMs % 2000;
                    return phase < 100 || (phase >= 300 && phase < 400);
                default:
                    return false;
            }
        }
    }
}
