// Mirrors nanoFramework.System.Net 1.11.54: nanoFramework.Networking.Sntp.
namespace nanoFramework.Networking
{
    public static class Sntp
    {
        public static void Start()
        {
            throw null;
        }

        public static bool IsStarted
        {
            get { throw null; }
        }
    }
}
