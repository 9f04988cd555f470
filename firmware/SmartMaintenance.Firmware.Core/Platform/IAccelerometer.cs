#nullable disable
namespace SmartMaintenance.Firmware.Core.Platform
{
    /// <summary>A three-axis accelerometer (MPU6050 on the board).</summary>
    public interface IAccelerometer
    {
        /// <summary>Fills xyz[0..2] with acceleration in g; false when the read failed. Allocates nothing.</summary>
        bool Read(float[] xyz);
    }
}
