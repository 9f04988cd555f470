// Mirrors nanoFramework.System.Net 1.11.54: nanoFramework.Networking.NetworkHelperStatus
// (NetworkHelper/NetworkHelperStatus.cs). The firmware only prints it, so no value is declared.
namespace nanoFramework.Networking
{
    public enum NetworkHelperStatus
    {
    }
}
