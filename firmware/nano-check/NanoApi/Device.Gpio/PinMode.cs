// Mirrors nanoFramework.System.Device.Gpio 1.1.62: System.Device.Gpio.PinMode (PinMode.cs); declaration order
// Input, InputPullDown, InputPullUp, Output, ... gives these values.
namespace System.Device.Gpio
{
    public enum PinMode
    {
        InputPullUp = 2,
        Output = 3,
    }
}
