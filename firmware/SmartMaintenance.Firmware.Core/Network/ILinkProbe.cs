#nullable disable
namespace SmartMaintenance.Firmware.Core.Network
{
    /// <summary>Reads the network interface's real state (nanoFramework's NetworkInterface on the board).</summary>
    public interface ILinkProbe
    {
        /// <summary>True while the interface is up (associated with the access point).</summary>
        bool IsNetworkAvailable();

        /// <summary>True while the interface holds an IPv4 address other than 0.0.0.0.</summary>
        bool HasIpAddress();
    }
}
