// Mirrors nanoFramework.System.Device.I2c 1.1.29: System.Device.I2c.I2cDevice (buffers are mscorlib's SpanByte;
// byte[] converts implicitly).
namespace System.Device.I2c
{
    public class I2cDevice
    {
        private I2cDevice()
        {
        }

        public static I2cDevice Create(I2cConnectionSettings settings)
        {
            throw null;
        }

        public I2cTransferResult Write(SpanByte buffer)
        {
            throw null;
        }

        public I2cTransferResult WriteRead(SpanByte writeBuffer, SpanByte readBuffer)
        {
            throw null;
        }
    }
}
