#nullable disable
namespace SmartMaintenance.Firmware.Core.Network
{
    /// <summary>Callbacks of an <see cref="IMqttTransport"/>; may arrive on the transport's own thread.</summary>
    public interface IMqttTransportListener
    {
        /// <summary>The broker acknowledged (PUBACK) the publish that returned this token.</summary>
        void OnPublishAcknowledged(int token);

        /// <summary>A message arrived on a subscribed topic.</summary>
        void OnMessageReceived(string topic, byte[] payload, int length);

        /// <summary>The connection dropped (M2Mqtt's ConnectionClosed event).</summary>
        void OnConnectionClosed();
    }
}
