#nullable disable
namespace SmartMaintenance.Firmware.Core.Network
{
    /// <summary>Makes the client of one connection attempt, bound to its session number and listener.</summary>
    public interface IMqttClientFactory
    {
        /// <summary>A new, unconnected client whose events report <paramref name="session"/> to the listener.</summary>
        IMqttClient Create(int session, IMqttTransportListener listener);
    }
}
