// Mirrors nanoFramework.System.Device.Gpio 1.1.62: System.Device.Gpio.PinValueChangedEventArgs and PinEventTypes.
namespace System.Device.Gpio
{
    public class PinValueChangedEventArgs
    {
        public PinValueChangedEventArgs(PinEventTypes changeType, int pinNumber)
        {
        }

        public PinEventTypes ChangeType
        {
            get { throw null; }
        }
    }

    [Flags]
    public enum PinEventTypes
    {
        Falling = 2,
    }
}
