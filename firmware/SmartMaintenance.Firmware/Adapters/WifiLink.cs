#nullable disable
using System;
using System.Device.Wifi;
using System.Threading;
using nanoFramework.Networking;
using SmartMaintenance.Firmware.Core.Network;

namespace SmartMaintenance.Firmware.Adapters
{
    /// <summary>
    /// Wi-Fi through WifiNetworkHelper.ConnectDhcp with a timeout and requiresDateTime = true: the helper returns
    /// only once SNTP gave a valid date, so timestamps are trustworthy from the first message on.
    /// </summary>
    internal sealed class WifiLink : INetworkLink
    {
        private readonly string _ssid;
        private readonly string _password;
        private bool _up;

        public WifiLink(string ssid, string password)
        {
            _ssid = ssid;
            _password = password;
        }

        public bool IsUp
        {
            get { return _up && WifiNetworkHelper.Status == NetworkHelperStatus.NetworkIsReady; }
        }

        public bool Connect(int timeoutMs)
        {
            CancellationTokenSource cts = new CancellationTokenSource(timeoutMs);
            _up = WifiNetworkHelper.ConnectDhcp(_ssid, _password, WifiReconnectionKind.Automatic, true, 0, cts.Token);
            if (!_up)
            {
                Console.WriteLine("wifi: not connected (" + WifiNetworkHelper.Status.ToString() + ")");
                if (WifiNetworkHelper.HelperException != null)
                {
                    Console.WriteLine("wifi: " + WifiNetworkHelper.HelperException.Message);
                }
            }

            return _up;
        }

        public void Disconnect()
        {
            _up = false;
            WifiNetworkHelper.Disconnect();
        }
    }
}
