// Mirrors nanoFramework.System.Device.Gpio 1.1.62: System.Device.Gpio.GpioPin and its event delegate (GpioPin.cs).
namespace System.Device.Gpio
{
    public delegate void PinValueChangedEventHandler(object sender, PinValueChangedEventArgs e);

    public sealed class GpioPin
    {
        private GpioPin()
        {
        }

        public event PinValueChangedEventHandler ValueChanged;

        public void Write(PinValue value)
        {
            throw null;
        }
    }
}
