using System.Net;
using System.Net.Sockets;

namespace SmartMaintenance.TestSupport;

/// <summary>Finds a free TCP port on loopback (the OS picks it; it stays free with high probability).</summary>
public static class FreePort
{
    public static int Get()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
