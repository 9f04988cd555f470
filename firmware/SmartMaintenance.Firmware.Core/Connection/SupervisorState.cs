#nullable disable
namespace SmartMaintenance.Firmware.Core.Connection
{
    /// <summary>States of the connection supervisor, in the order a healthy start walks through them.</summary>
    public static class SupervisorState
    {
        /// <summary>Not started, or closed.</summary>
        public const int Closed = 0;
        public const int ConnectingWifi = 1;
        public const int ConnectingMqtt = 2;
        public const int Subscribing = 3;
        /// <summary>Subscribed to the config topic, birth message sent: the outbox drains.</summary>
        public const int Online = 4;
        /// <summary>Waiting out a jittered backoff delay before the next attempt.</summary>
        public const int BackingOff = 5;

        public static string Name(int state)
        {
            switch (state)
            {
                case Closed: return "closed";
                case ConnectingWifi: return "connecting-wifi";
                case ConnectingMqtt: return "connecting-mqtt";
                case Subscribing: return "subscribing";
                case Online: return "online";
                case BackingOff: return "backing-off";
                default: return "unknown";
            }
        }
    }
}
