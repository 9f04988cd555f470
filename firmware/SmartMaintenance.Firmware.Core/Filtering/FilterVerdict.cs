#nullable disable
namespace SmartMaintenance.Firmware.Core.Filtering
{
    /// <summary>What the pre-filter decided about one sample (ints, not an enum boxed per call).</summary>
    public static class FilterVerdict
    {
        /// <summary>Within the baseline: counted in the summary, not published on its own.</summary>
        public const int Normal = 0;
        /// <summary>Still learning the baseline (fewer than the warm-up samples): never judged.</summary>
        public const int Warmup = 1;
        /// <summary>Deviating (|z| crossed k, and not yet back below k - h): publish with z and baseline.</summary>
        public const int Anomaly = 2;
        /// <summary>NaN or infinity: dropped and counted, never fed to the statistics.</summary>
        public const int Rejected = 3;
        /// <summary>The sensor just became stuck (no variance over the stuck window): publish once as such.</summary>
        public const int Stuck = 4;
    }
}
