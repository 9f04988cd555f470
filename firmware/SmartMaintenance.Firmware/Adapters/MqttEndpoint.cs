#nullable disable
using SmartMaintenance.Firmware.Core.Network;

namespace SmartMaintenance.Firmware.Adapters
{
    /// <summary>Where and as whom the board connects; also the factory of one <see cref="M2MqttConnection"/> per attempt.</summary>
    internal sealed class MqttEndpoint : IMqttConnectionFactory
    {
        public string Host;
        public int Port;
        public bool Tls;
        /// <summary>PEM text of the CA; null for plain MQTT.</summary>
        public string CaCertificate;
        public string DeviceId;
        public string Secret;
        public string WillTopic;
        public string WillMessage;

        public IMqttConnection Create(int session, IMqttTransportListener listener)
        {
            return new M2MqttConnection(session, listener, this);
        }
    }
}
