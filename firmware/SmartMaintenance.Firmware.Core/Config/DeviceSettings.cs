#nullable disable
namespace SmartMaintenance.Firmware.Core.Config
{
    /// <summary>
    /// The device's live settings. Defaults are safe for a first boot; the cloud changes them through the
    /// config topic. Threshold k = 3 is the usual three-sigma rule.
    /// </summary>
    public sealed class DeviceSettings
    {
        public long Version;
        public float ZThreshold = 3f;
        public float Hysteresis = 0.5f;
        public int WarmupSamples = 30;
        public int SamplePeriodMs = 1000;
        public int SummaryPeriodSeconds = 60;

        public void CopyFrom(DeviceSettings other)
        {
            Version = other.Version;
            ZThreshold = other.ZThreshold;
            Hysteresis = other.Hysteresis;
            WarmupSamples = other.WarmupSamples;
            SamplePeriodMs = other.SamplePeriodMs;
            SummaryPeriodSeconds = other.SummaryPeriodSeconds;
        }
    }
}
