#nullable disable
namespace SmartMaintenance.Contracts.Wire
{
    /// <summary>
    /// Bounds of each config field, read by the device's parser and by the cloud's PUT validation alike, so the cloud
    /// never stores a configuration the device would reject for being out of range. Integers, so the messages built
    /// from them print the same on every runtime.
    /// </summary>
    public static class ConfigLimits
    {
        /// <summary>z threshold k: below 1 sigma nearly every sample deviates; above 20 nothing ever does.</summary>
        public const int ThresholdMin = 1;
        public const int ThresholdMax = 20;

        /// <summary>Exit hysteresis h, in z units; it must also stay below k.</summary>
        public const int HysteresisMin = 0;
        public const int HysteresisMax = 5;

        /// <summary>Warm-up samples: a standard deviation needs at least 2.</summary>
        public const int WarmupMin = 2;
        public const int WarmupMax = 100000;

        public const int SamplePeriodMsMin = 10;
        public const int SamplePeriodMsMax = 3600000;

        public const int SummaryPeriodSMin = 1;
        public const int SummaryPeriodSMax = 86400;

        /// <summary>Most sensor ids a <see cref="WireFields.DisabledSensors"/> list may hold.</summary>
        public const int MaxSensors = 16;
    }
}
