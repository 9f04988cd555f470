#nullable disable
namespace SmartMaintenance.Firmware
{
    /// <summary>
    /// Per-board identity and credentials. Copy this file to Secrets.cs (ignored by git), fill it in, build and
    /// deploy. Never commit Secrets.cs. See firmware/README.md, "Provisioning a board".
    /// </summary>
    internal static class Secrets
    {
        public const string WifiSsid = "plant-wifi";
        public const string WifiPassword = "change-me";

        public const string Site = "plant-1";
        public const string DeviceId = "esp32-0001";
        /// <summary>The device secret issued when the device was registered (the broker stores only its hash).</summary>
        public const string DeviceSecret = "change-me";

        public const string BrokerHost = "192.168.1.10";
        public const int BrokerPort = 1883;

        /// <summary>Cloud base URL and an API key with the ingest scope, for the HTTP fallback; empty disables it.</summary>
        public const string CloudUrl = "";
        public const string CloudApiKey = "";
    }
}
