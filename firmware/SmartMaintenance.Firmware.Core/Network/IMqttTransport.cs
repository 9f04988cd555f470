#nullable disable
namespace SmartMaintenance.Firmware.Core.Network
{
    /// <summary>
    /// The MQTT client as the supervisor needs it (M2Mqtt on the board through <see cref="MqttSession"/>,
    /// MQTTnet in the virtual device). The adapter owns the identity (client id = user name = device id), the
    /// secret and the last will on the status topic; every publish is QoS 1.
    /// </summary>
    public interface IMqttTransport
    {
        bool IsConnected { get; }

        /// <summary>
        /// Number of the current connection attempt, new on every <see cref="Open"/>; 0 before the first. Events
        /// that carry another number come from an earlier connection.
        /// </summary>
        int Session { get; }

        /// <summary>Connects (blocking, at most the adapter's timeout); true when the broker accepted.</summary>
        bool Open();

        /// <summary>Subscribes at QoS 1; true when the request was sent on a live connection.</summary>
        bool Subscribe(string topic);

        /// <summary>Publishes payload[0..length) at QoS 1; returns the token its acknowledgement will carry, or -1.</summary>
        int Publish(string topic, byte[] payload, int length, bool retain);

        /// <summary>Disconnects and releases the connection's resources; safe to call when already closed.</summary>
        void Close();

        /// <summary>Where acknowledgements, received messages and connection loss are reported.</summary>
        void SetListener(IMqttTransportListener listener);
    }
}
