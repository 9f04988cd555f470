#nullable disable
namespace SmartMaintenance.Contracts.Wire
{
    /// <summary>
    /// MQTT topic scheme: sm/v1/{site}/{device}/{channel}. Channels: telemetry, status (device -> broker),
    /// config (broker -> device, desired settings), config/ack (device -> broker).
    /// </summary>
    public static class TopicScheme
    {
        /// <summary>Fixed prefix of every topic, carrying the topic scheme version.</summary>
        public const string Prefix = "sm/v1/";

        public const string Telemetry = "telemetry";
        public const string Status = "status";
        public const string Config = "config";
        public const string ConfigAck = "config/ack";

        /// <summary>Builds sm/v1/{site}/{device}/{channel}.</summary>
        public static string Build(string site, string device, string channel)
        {
            return Prefix + site + "/" + device + "/" + channel;
        }

        /// <summary>True when an id can stand in a topic level: 1..64 of [A-Za-z0-9_-.].</summary>
        public static bool IsValidId(string id)
        {
            if (id == null || id.Length == 0 || id.Length > WireLimits.MaxIdLength)
            {
                return false;
            }

            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Splits a topic into site, device and channel. Returns null when the topic is not ours or malformed
        /// (wrong prefix, empty or invalid ids, unknown channel).
        /// </summary>
        public static TopicAddress Parse(string topic)
        {
            if (topic == null || !topic.StartsWith(Prefix))
            {
                return null;
            }

            int siteEnd = topic.IndexOf('/', Prefix.Length);
            if (siteEnd < 0)
            {
                return null;
            }

            int deviceEnd = topic.IndexOf('/', siteEnd + 1);
            if (deviceEnd < 0)
            {
                return null;
            }

            string site = topic.Substring(Prefix.Length, siteEnd - Prefix.Length);
            string device = topic.Substring(siteEnd + 1, deviceEnd - siteEnd - 1);
            string channel = topic.Substring(deviceEnd + 1);
            if (!IsValidId(site) || !IsValidId(device))
            {
                return null;
            }

            if (channel != Telemetry && channel != Status && channel != Config && channel != ConfigAck)
            {
                return null;
            }

            return new TopicAddress(site, device, channel);
        }
    }
}
