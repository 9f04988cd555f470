#nullable disable
namespace SmartMaintenance.Firmware.Core.Encoding
{
    /// <summary>
    /// One outgoing telemetry message. A single instance is reused: the sampler fills it, the encoder writes it.
    /// Optional numeric fields are written only when their Has* flag is set (no nullable value types on nano).
    /// </summary>
    public sealed class TelemetryRecord
    {
        public string DeviceId;
        public long Sequence;
        public long TimestampMs;
        public bool ClockValid;
        public long UptimeMs;
        public string SensorId;
        public string SensorType;
        public string Unit;
        public string Kind;
        public float Value;

        public bool HasBaseline;
        public float ZScore;
        public float BaselineMean;
        public float BaselineStd;

        /// <summary>Written as stk = 1 when the anomaly reports a stuck sensor.</summary>
        public bool Stuck;

        public bool HasSummary;
        /// <summary>Summary sample count; with 0 the encoder writes an empty summary (n only, no val, sd, min, max).</summary>
        public long Count;
        public float Std;
        public float Min;
        public float Max;

        /// <summary>Clears the optional parts so a reused record never carries last message's extras.</summary>
        public void ClearExtras()
        {
            HasBaseline = false;
            HasSummary = false;
            Stuck = false;
        }
    }
}
