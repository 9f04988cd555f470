// Mirrors nanoFramework.System.Device.I2c 1.1.29: I2cConnectionSettings, I2cBusSpeed, I2cTransferResult, I2cTransferStatus.
namespace System.Device.I2c
{
    public sealed class I2cConnectionSettings
    {
        public I2cConnectionSettings(int busId, int deviceAddress, I2cBusSpeed busSpeed)
        {
        }
    }

    public enum I2cBusSpeed
    {
        FastMode = 1,
    }

    public struct I2cTransferResult
    {
        public I2cTransferStatus Status
        {
            get { throw null; }
        }
    }

    /// <summary>Declaration order UnknownError, FullTransfer, ClockStretchTimeout, ... gives FullTransfer = 1.</summary>
    public enum I2cTransferStatus
    {
        FullTransfer = 1,
    }
}
