// Mirrors nanoFramework.Runtime.Native 1.7.11: nanoFramework.Runtime.Native.Power (Power.cs).
namespace nanoFramework.Runtime.Native
{
    public class Power
    {
        public static void RebootDevice()
        {
            throw null;
        }
    }
}
