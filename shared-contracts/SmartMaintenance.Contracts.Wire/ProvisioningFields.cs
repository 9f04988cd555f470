#nullable disable
namespace SmartMaintenance.Contracts.Wire
{
    /// <summary>
    /// The device provisioning file (I:\device.json on the board's internal flash): a flat JSON object the
    /// broker's `provision --device-config` command writes and the firmware core reads at boot, so a board is
    /// provisioned without recompiling. Shared by both ends so the names cannot drift.
    /// </summary>
    public static class ProvisioningFields
    {
        /// <summary>Where the board looks for the file (nanoFramework's internal flash drive on ESP32).</summary>
        public const string DevicePath = "I:\\device.json";

        /// <summary>Largest file accepted: room for a CA certificate chain in PEM (read into one buffer at boot).</summary>
        public const int MaxFileBytes = 8192;

        /// <summary>Version of this file's layout (long, required, = 1).</summary>
        public const string FileVersion = "v";
        public const int CurrentVersion = 1;
        /// <summary>Device id (string, required, a valid topic id).</summary>
        public const string DeviceId = "dev";
        /// <summary>The device secret issued at registration (string, required).</summary>
        public const string Secret = "secret";
        /// <summary>Site id of the plant (string, required, a valid topic id).</summary>
        public const string Site = "site";
        /// <summary>Broker host name or address (string, required).</summary>
        public const string BrokerHost = "host";
        /// <summary>Broker port (long, optional; 1883, or 8883 with TLS).</summary>
        public const string BrokerPort = "port";
        /// <summary>MQTT over TLS (bool, optional, default false); needs <see cref="CaCertificate"/>.</summary>
        public const string Tls = "tls";
        /// <summary>PEM CA certificate that signed the broker's and the cloud's server certificates (string).</summary>
        public const string CaCertificate = "ca";
        /// <summary>Wi-Fi SSID (string, required).</summary>
        public const string WifiSsid = "ssid";
        /// <summary>Wi-Fi password (string, optional: empty for an open network).</summary>
        public const string WifiPassword = "psk";
        /// <summary>Cloud base URL for the HTTP fallback (string, optional; https needs the CA).</summary>
        public const string CloudUrl = "url";
        /// <summary>API key with the ingest scope (string, required when a cloud URL is given).</summary>
        public const string CloudApiKey = "key";
    }
}
