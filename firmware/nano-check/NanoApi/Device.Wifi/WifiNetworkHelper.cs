// Mirrors nanoFramework.System.Device.Wifi 1.5.147: nanoFramework.Networking.WifiNetworkHelper
// (System.Device.Wifi/NetworkHelper/WifiNetworkHelper.cs).
using System;
using System.Device.Wifi;
using System.Threading;

namespace nanoFramework.Networking
{
    public static class WifiNetworkHelper
    {
        public static NetworkHelperStatus Status
        {
            get { throw null; }
        }

        public static Exception HelperException
        {
            get { throw null; }
        }

        public static bool ConnectDhcp(string ssid, string password, WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic,
            bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default)
        {
            throw null;
        }

        public static bool Reconnect(bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default)
        {
            throw null;
        }

        public static void Disconnect()
        {
            throw null;
        }
    }
}
