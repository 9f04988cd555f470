#nullable disable
namespace SmartMaintenance.Firmware.Core.Network
{
    /// <summary>
    /// One MQTT client for one connection attempt (an M2Mqtt MqttClient on the board). It is never reused:
    /// <see cref="MqttSession"/> creates one per attempt and disposes it when the attempt fails or the
    /// connection ends, so no socket or receive thread outlives its connection.
    /// </summary>
    public interface IMqttConnection
    {
        bool IsConnected { get; }

        /// <summary>Connects and waits for CONNACK at most timeoutMs; true when the broker accepted.</summary>
        bool Connect(int timeoutMs);

        /// <summary>Sends SUBSCRIBE at QoS 1; true when it was sent.</summary>
        bool Subscribe(string topic);

        /// <summary>Publishes payload[0..length) at QoS 1; the message id, or -1.</summary>
        int Publish(string topic, byte[] payload, int length, bool retain);

        /// <summary>
        /// Detaches every event handler first, then disconnects if connected and releases the socket and the
        /// client's threads whether or not it ever connected. Must not throw; safe to call twice.
        /// </summary>
        void Dispose();
    }
}
