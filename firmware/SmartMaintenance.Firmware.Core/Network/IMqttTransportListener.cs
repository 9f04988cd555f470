#nullable disable
namespace SmartMaintenance.Firmware.Core.Network
{
    /// <summary>
    /// Callbacks of an <see cref="IMqttTransport"/>; may arrive on the transport's own thread. Each carries the
    /// number of the connection it came from (<see cref="IMqttTransport.Session"/>): a late event of an older
    /// connection must be ignored, because a new client numbers its messages from 1 again and an old PUBACK
    /// would otherwise release the new connection's outbox entry with the same number.
    /// </summary>
    public interface IMqttTransportListener
    {
        /// <summary>The broker acknowledged (PUBACK) the publish that returned this token on that connection.</summary>
        void OnPublishAcknowledged(int session, int token);

        /// <summary>A message arrived on a subscribed topic.</summary>
        void OnMessageReceived(int session, string topic, byte[] payload, int length);

        /// <summary>The connection dropped (M2Mqtt's ConnectionClosed event).</summary>
        void OnConnectionClosed(int session);
    }
}
