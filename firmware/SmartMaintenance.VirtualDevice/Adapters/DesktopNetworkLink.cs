using SmartMaintenance.Firmware.Core.Network;

namespace SmartMaintenance.VirtualDevice.Adapters;

/// <summary>The desktop's network is simply there; Wi-Fi exists only on the board.</summary>
internal sealed class DesktopNetworkLink : INetworkLink
{
    public bool IsUp => true;

    public bool Connect(int timeoutMs) => true;

    public void Disconnect()
    {
    }
}
