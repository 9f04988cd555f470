// Mirrors nanoFramework.Hardware.Esp32 1.6.40: nanoFramework.Hardware.Esp32.DeviceFunction (DeviceTypePins.cs).
// Values: DeviceTypes.I2C (2 * 0x10000) + bus 1 * 0x100 + 0 (data) / 1 (clock).
namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceFunction
    {
        I2C1_DATA = 0x20100,
        I2C1_CLOCK = 0x20101,
    }
}
