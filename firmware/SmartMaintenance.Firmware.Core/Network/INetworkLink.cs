#nullable disable
namespace SmartMaintenance.Firmware.Core.Network
{
    /// <summary>The IP link under MQTT (Wi-Fi on the board; always up on the desktop).</summary>
    public interface INetworkLink
    {
        bool IsUp { get; }

        /// <summary>Brings the link up within the timeout (on the board: joined, DHCP address, valid date).</summary>
        bool Connect(int timeoutMs);

        void Disconnect();
    }
}
