// Mirrors nanoFramework.System.Device.Wifi 1.5.147: System.Device.Wifi.WifiReconnectionKind (Automatic, Manual).
namespace System.Device.Wifi
{
    public enum WifiReconnectionKind
    {
        Automatic = 0,
    }
}
