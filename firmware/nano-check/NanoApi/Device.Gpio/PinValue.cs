// Mirrors nanoFramework.System.Device.Gpio 1.1.62: System.Device.Gpio.PinValue (PinValue.cs).
namespace System.Device.Gpio
{
    public readonly struct PinValue
    {
        public static PinValue High
        {
            get { throw null; }
        }

        public static PinValue Low
        {
            get { throw null; }
        }
    }
}
