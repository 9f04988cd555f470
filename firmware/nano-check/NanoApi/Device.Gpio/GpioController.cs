// Mirrors nanoFramework.System.Device.Gpio 1.1.62: System.Device.Gpio.GpioController (GpioController.cs).
namespace System.Device.Gpio
{
    public class GpioController
    {
        public GpioController()
        {
        }

        public GpioPin OpenPin(int pinNumber, PinMode mode)
        {
            throw null;
        }
    }
}
