#nullable disable
namespace SmartMaintenance.Firmware.Core.Platform
{
    /// <summary>One analog sensor, already converted to its engineering unit (the adapter owns the calibration).</summary>
    public interface IAnalogInput
    {
        /// <summary>The current value; NaN when the read failed (the filter rejects and counts it).</summary>
        float Read();
    }
}
