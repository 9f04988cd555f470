// Mirrors nanoFramework.System.Net 1.11.54: System.Net.NetworkInformation.Wireless80211Configuration.
namespace System.Net.NetworkInformation
{
    public class Wireless80211Configuration
    {
        public Wireless80211Configuration(uint id)
        {
        }

        public string Password
        {
            get { throw null; }
        }

        public string Ssid
        {
            get { throw null; }
        }

        public static Wireless80211Configuration[] GetAllWireless80211Configurations()
        {
            throw null;
        }
    }
}
