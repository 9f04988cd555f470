#nullable disable
namespace SmartMaintenance.Firmware.Core.Network
{
    /// <summary>
    /// The MQTT client as the supervisor needs it (M2Mqtt on the board, MQTTnet in the virtual device). The
    /// adapter owns the identity (client id = user name = device id), the secret and the last will on the
    /// status topic; every publish is QoS 1.
    /// </summary>
    public interface IMqttTransport
    {
        bool IsConnected { get; }

        /// <summary>Connects (blocking, with the adapter's timeout); true when the broker accepted.</summary>
        bool Open();

        /// <summary>Subscribes at QoS 1; true when the broker granted it.</summary>
        bool Subscribe(string topic);

        /// <summary>Publishes payload[0..length) at QoS 1; returns the token its acknowledgement will carry, or -1.</summary>
        int Publish(string topic, byte[] payload, int length, bool retain);

        /// <summary>Disconnects; safe to call when already closed.</summary>
        void Close();

        /// <summary>Where acknowledgements, received messages and connection loss are reported.</summary>
        void SetListener(IMqttTransportListener listener);
    }
}
