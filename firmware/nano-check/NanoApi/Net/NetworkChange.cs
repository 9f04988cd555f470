// Mirrors nanoFramework.System.Net 1.11.54: System.Net.NetworkInformation.NetworkChange, its event delegate and
// event arguments (NetworkInformation/NetworkChange.cs).
namespace System.Net.NetworkInformation
{
    public delegate void NetworkAvailabilityChangedEventHandler(object sender, NetworkAvailabilityEventArgs e);

    public class NetworkAvailabilityEventArgs : EventArgs
    {
        private NetworkAvailabilityEventArgs()
        {
        }

        public bool IsAvailable
        {
            get { throw null; }
        }
    }

    public static class NetworkChange
    {
        public static event NetworkAvailabilityChangedEventHandler NetworkAvailabilityChanged;
    }
}
