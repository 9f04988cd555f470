#nullable disable
namespace SmartMaintenance.Contracts.Wire
{
    /// <summary>
    /// JSON property names of device messages. Kept short because every byte crosses a constrained radio link;
    /// the firmware encoder, the broker's Utf8JsonReader parser and the cloud's System.Text.Json context all
    /// read them from here, so a rename is one edit.
    /// </summary>
    public static class WireFields
    {
        // --- telemetry message (device -> broker) ---
        /// <summary>Schema version (int).</summary>
        public const string SchemaVersion = "v";
        /// <summary>Device id (string).</summary>
        public const string DeviceId = "dev";
        /// <summary>Per-device sequence number (long), survives reboots.</summary>
        public const string Sequence = "seq";
        /// <summary>UTC time of the sample in Unix milliseconds (long); meaningful only when ClockValid is 1.</summary>
        public const string Timestamp = "ts";
        /// <summary>1 when the device clock was set by SNTP, 0 before that (int).</summary>
        public const string ClockValid = "cv";
        /// <summary>Milliseconds since the device booted (long); lets the cloud correct an invalid clock.</summary>
        public const string Uptime = "up";
        /// <summary>Sensor id, unique within the device (string).</summary>
        public const string SensorId = "sid";
        /// <summary>Sensor type, see SensorTypes (string).</summary>
        public const string SensorType = "st";
        /// <summary>Unit symbol (string).</summary>
        public const string Unit = "u";
        /// <summary>Message kind, see MessageKinds (string).</summary>
        public const string Kind = "k";
        /// <summary>Sample value, or the mean for a summary (number); absent only in an empty summary (n = 0).</summary>
        public const string Value = "val";
        /// <summary>z-score of an anomaly sample (number).</summary>
        public const string ZScore = "z";
        /// <summary>Baseline mean the z-score was computed against (number).</summary>
        public const string BaselineMean = "bm";
        /// <summary>Baseline standard deviation (number).</summary>
        public const string BaselineStd = "bs";
        /// <summary>1 on an anomaly message that reports a stuck sensor (no variance over the stuck window); absent otherwise (int).</summary>
        public const string Stuck = "stk";
        /// <summary>
        /// Summary: number of samples (long). A summary with n = 0 (a sensor that delivered nothing in the period) is
        /// an empty summary: it carries no val, sd, min or max, since there is nothing to report and a 0 would read as
        /// a measurement. It still keeps the silent sensor visible.
        /// </summary>
        public const string Count = "n";
        /// <summary>Summary: standard deviation (number).</summary>
        public const string Std = "sd";
        /// <summary>Summary: minimum (number).</summary>
        public const string Min = "min";
        /// <summary>Summary: maximum (number).</summary>
        public const string Max = "max";

        // --- status message (device -> broker, retained birth message and last will) ---
        /// <summary>1 in the birth message, 0 in the last will (int).</summary>
        public const string Online = "on";
        /// <summary>Sample rate the device achieved, in Hz (number, optional; absent until measured).</summary>
        public const string SampleRate = "hz";
        /// <summary>
        /// Firmware version the device runs (string, optional). The birth message also carries the configuration
        /// the device runs with, under the config message's own names (cfg, zk, zh, wu, sp, sum, dis), so the
        /// cloud can show desired beside reported.
        /// </summary>
        public const string FirmwareVersion = "fw";

        // --- configuration (cloud -> device) and its acknowledgement ---
        /// <summary>Configuration version (long), echoed in the acknowledgement.</summary>
        public const string ConfigVersion = "cfg";
        /// <summary>z-score threshold k (number).</summary>
        public const string Threshold = "zk";
        /// <summary>Exit hysteresis: the z-score must fall below k - h to leave the anomaly state (number).</summary>
        public const string Hysteresis = "zh";
        /// <summary>Warm-up samples before the filter judges (int).</summary>
        public const string WarmupSamples = "wu";
        /// <summary>Sampling period in milliseconds (int).</summary>
        public const string SamplePeriodMs = "sp";
        /// <summary>Summary period in seconds (int).</summary>
        public const string SummaryPeriodS = "sum";
        /// <summary>
        /// Sensors switched off: a JSON array of sensor ids (strings), e.g. ["vibration","speed"]. The complete set:
        /// every sensor not listed is on, so an absent or empty list turns every sensor on. A listed id the device
        /// does not have rejects the whole message. A deny-list rather than an allow-list so that a sensor the cloud
        /// does not know about (a newer firmware) stays on and visible.
        /// </summary>
        public const string DisabledSensors = "dis";
        /// <summary>Acknowledgement: true when applied (bool).</summary>
        public const string Applied = "ok";
        /// <summary>Acknowledgement: rejection reason (string).</summary>
        public const string Error = "err";
    }
}
