// Mirrors nanoFramework.System.Net 1.11.54: System.Net.NetworkInformation.NetworkInterface and NetworkInterfaceType
// (NetworkInformation/NetworkInterface.cs, NetworkInterfaceType.cs).
namespace System.Net.NetworkInformation
{
    public class NetworkInterface
    {
        protected NetworkInterface(int interfaceIndex)
        {
        }

        public static bool GetIsNetworkAvailable()
        {
            throw null;
        }

        public static NetworkInterface[] GetAllNetworkInterfaces()
        {
            throw null;
        }

        public string IPv4Address
        {
            get { throw null; }
        }

        public NetworkInterfaceType NetworkInterfaceType
        {
            get { throw null; }
        }

        public uint SpecificConfigId
        {
            get { throw null; }
        }
    }

    public enum NetworkInterfaceType
    {
        Wireless80211 = 71,
    }
}
