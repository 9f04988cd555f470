#nullable disable
using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using nanoFramework.Networking;
using SmartMaintenance.Firmware.Core.Network;
using SmartMaintenance.Firmware.Core.Platform;

namespace SmartMaintenance.Firmware.Adapters
{
    /// <summary>
    /// Wi-Fi with DHCP, without waiting for SNTP (requiresDateTime = false: a plant network without NTP must still
    /// reach the local broker; SNTP is started and sets the clock when it can). The link status comes from
    /// <see cref="LinkMonitor"/> (availability event + interface poll), not from WifiNetworkHelper.Status, which
    /// only changes during a connect. The credentials are written to flash only when they differ from the
    /// stored ones (ConnectDhcp saves them on every call); otherwise Reconnect uses the stored configuration.
    /// </summary>
    internal sealed class WifiLink : INetworkLink, ILinkProbe
    {
        private readonly string _ssid;
        private readonly string _password;
        private readonly LinkMonitor _monitor;

        public WifiLink(string ssid, string password, IClock clock)
        {
            _ssid = ssid;
            _password = password;
            _monitor = new LinkMonitor(clock, this, 5000);
            NetworkChange.NetworkAvailabilityChanged += OnAvailabilityChanged;
        }

        public bool IsUp
        {
            get { return _monitor.IsUp; }
        }

        public bool Connect(int timeoutMs)
        {
            CancellationTokenSource cts = new CancellationTokenSource(timeoutMs);
            bool up;
            if (IsStored())
            {
                up = WifiNetworkHelper.Reconnect(false, 0, cts.Token);
            }
            else
            {
                Console.WriteLine("wifi: storing the credentials for '" + _ssid + "'");
                up = WifiNetworkHelper.ConnectDhcp(_ssid, _password, WifiReconnectionKind.Automatic, false, 0, cts.Token);
            }

            cts.Dispose();
            if (!up)
            {
                Console.WriteLine("wifi: not connected to '" + _ssid + "' (" + WifiNetworkHelper.Status.ToString() + ")");
                if (WifiNetworkHelper.HelperException != null)
                {
                    Console.WriteLine("wifi: " + WifiNetworkHelper.HelperException.Message);
                }

                return false;
            }

            _monitor.Joined();
            if (!Sntp.IsStarted)
            {
                // Time is not needed to connect; it only makes timestamps exact (cv = 1) once a server answers.
                Sntp.Start();
            }

            return true;
        }

        public void Disconnect()
        {
            _monitor.Left();
            WifiNetworkHelper.Disconnect();
        }

        public bool IsNetworkAvailable()
        {
            return NetworkInterface.GetIsNetworkAvailable();
        }

        public bool HasIpAddress()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                if (interfaces[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                {
                    string address = interfaces[i].IPv4Address;
                    return address != null && address.Length > 0 && address != "0.0.0.0";
                }
            }

            return false;
        }

        private bool IsStored()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            Wireless80211Configuration[] stored = Wireless80211Configuration.GetAllWireless80211Configurations();
            for (int i = 0; i < interfaces.Length; i++)
            {
                uint id = interfaces[i].SpecificConfigId;
                if (interfaces[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211 && id < stored.Length)
                {
                    return stored[id].Ssid == _ssid && stored[id].Password == _password;
                }
            }

            return false;
        }

        private void OnAvailabilityChanged(object sender, NetworkAvailabilityEventArgs e)
        {
            _monitor.OnAvailabilityChanged(e.IsAvailable);
        }
    }
}
