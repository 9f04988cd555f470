#nullable disable
namespace SmartMaintenance.Firmware.Core.Filtering
{
    /// <summary>
    /// Per-sensor tuning of the pre-filter that the cloud's config does not carry: the noise floor depends on the
    /// sensor (ADC step, accelerometer resolution), not on the fleet policy.
    /// </summary>
    public sealed class FilterOptions
    {
        /// <summary>Smallest standard deviation used to compute z, in the sensor's unit (about its resolution).</summary>
        public float StdFloor = 0.001f;

        /// <summary>Floor relative to |mean| (0.001 = 0.1 %), so a large steady value does not fire on a 1-LSB wiggle.</summary>
        public float RelativeStdFloor = 0.001f;

        /// <summary>
        /// Exponential forgetting factor of the baseline; 0 = remember everything (plain Welford). 0.02 with k = 2
        /// is the measured default (docs/firmware.md, section 2): a baseline that follows slow drift faster.
        /// </summary>
        public float Forgetting = 0.02f;

        /// <summary>Samples without change after which the sensor counts as stuck; 0 disables the check.</summary>
        public int StuckWindow = 120;

        /// <summary>Largest change still counted as "no change" by the stuck check, in the sensor's unit.</summary>
        public float StuckTolerance = 0f;

        public void CopyFrom(FilterOptions other)
        {
            StdFloor = other.StdFloor;
            RelativeStdFloor = other.RelativeStdFloor;
            Forgetting = other.Forgetting;
            StuckWindow = other.StuckWindow;
            StuckTolerance = other.StuckTolerance;
        }
    }
}
