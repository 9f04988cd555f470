#nullable disable
namespace SmartMaintenance.Firmware.Core.Provisioning
{
    /// <summary>A board's identity, broker, Wi-Fi and TLS trust, as read from its provisioning file.</summary>
    public sealed class DeviceProvisioning
    {
        public string DeviceId;
        public string Secret;
        public string Site;
        public string BrokerHost;
        public int BrokerPort;
        public bool Tls;
        /// <summary>PEM text of the CA certificate; null when none was given.</summary>
        public string CaCertificate;
        public string WifiSsid;
        /// <summary>Empty for an open network.</summary>
        public string WifiPassword;
        /// <summary>Cloud base URL for the HTTP fallback; null disables it.</summary>
        public string CloudUrl;
        public string CloudApiKey;

        /// <summary>True when the HTTP fallback goes over https (and so needs the CA).</summary>
        public bool CloudIsHttps
        {
            get { return CloudUrl != null && CloudUrl.Length > 8 && CloudUrl.Substring(0, 8).ToLower() == "https://"; }
        }
    }
}
