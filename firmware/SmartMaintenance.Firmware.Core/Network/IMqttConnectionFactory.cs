#nullable disable
namespace SmartMaintenance.Firmware.Core.Network
{
    /// <summary>Makes the client of one connection attempt, bound to its session number and listener.</summary>
    public interface IMqttConnectionFactory
    {
        /// <summary>A new, unconnected client whose events report <paramref name="session"/> to the listener.</summary>
        IMqttConnection Create(int session, IMqttTransportListener listener);
    }
}
