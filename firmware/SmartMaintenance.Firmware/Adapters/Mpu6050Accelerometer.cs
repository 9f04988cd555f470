#nullable disable
using System;
using System.Device.I2c;
using SmartMaintenance.Firmware.Core.Platform;

namespace SmartMaintenance.Firmware.Adapters
{
    /// <summary>
    /// MPU6050 over I2C, registers per InvenSense RM-MPU-6000A-00 (register map rev. 4.2): PWR_MGMT_1 (0x6B) = 0
    /// wakes the chip, ACCEL_CONFIG (0x1C) = 0x08 selects +/-4 g (8192 LSB/g), ACCEL_XOUT_H (0x3B) starts six
    /// bytes of big-endian X, Y, Z; WHO_AM_I (0x75) reads 0x68. Takes an already-created I2cDevice.
    /// </summary>
    internal sealed class Mpu6050Accelerometer : IAccelerometer
    {
        private const byte RegisterPowerManagement1 = 0x6B;
        private const byte RegisterAccelConfig = 0x1C;
        private const byte RegisterAccelXHigh = 0x3B;
        private const byte RegisterWhoAmI = 0x75;
        private const float LsbPerG = 8192f;

        private readonly I2cDevice _device;
        private readonly byte[] _register = new byte[1];
        private readonly byte[] _data = new byte[6];
        private readonly byte[] _write = new byte[2];

        public Mpu6050Accelerometer(I2cDevice device)
        {
            _device = device;
        }

        /// <summary>Wakes the chip and sets the range; false when nothing answers as an MPU6050.</summary>
        public bool Initialize()
        {
            _register[0] = RegisterWhoAmI;
            byte[] id = new byte[1];
            I2cTransferResult result = _device.WriteRead(_register, id);
            if (result.Status != I2cTransferStatus.FullTransfer || id[0] != 0x68)
            {
                return false;
            }

            return WriteRegister(RegisterPowerManagement1, 0x00) && WriteRegister(RegisterAccelConfig, 0x08);
        }

        public bool Read(float[] xyz)
        {
            _register[0] = RegisterAccelXHigh;
            I2cTransferResult result = _device.WriteRead(_register, _data);
            if (result.Status != I2cTransferStatus.FullTransfer)
            {
                return false;
            }

            xyz[0] = (short)((_data[0] << 8) | _data[1]) / LsbPerG;
            xyz[1] = (short)((_data[2] << 8) | _data[3]) / LsbPerG;
            xyz[2] = (short)((_data[4] << 8) | _data[5]) / LsbPerG;
            return true;
        }

        private bool WriteRegister(byte register, byte value)
        {
            _write[0] = register;
            _write[1] = value;
            return _device.Write(_write).Status == I2cTransferStatus.FullTransfer;
        }
    }
}
