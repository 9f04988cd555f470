#nullable disable
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.Firmware.Core.Config;

namespace SmartMaintenance.Firmware.Core.Encoding
{
    /// <summary>
    /// The retained status message: on = 1 as the birth message after connecting, on = 0 as the last will the
    /// broker publishes when the board vanishes. Carries the achieved sample rate once the device measured it, the
    /// firmware version, and the configuration the device runs with (reported, beside the cloud's desired one).
    /// 384 bytes: the fixed fields take about 200 with the longest version string; the rest holds the disabled list.
    /// </summary>
    public sealed class StatusEncoder
    {
        private readonly JsonBufferWriter _writer = new JsonBufferWriter(384);

        public byte[] Buffer
        {
            get { return _writer.Buffer; }
        }

        public int Encode(string deviceId, bool online, long uptimeMs, bool clockValid, long utcMs)
        {
            return Encode(deviceId, online, uptimeMs, clockValid, utcMs, 0f);
        }

        /// <summary>As above, with the achieved sample rate in Hz (left out when 0: not measured yet).</summary>
        public int Encode(string deviceId, bool online, long uptimeMs, bool clockValid, long utcMs, float sampleRateHz)
        {
            return Encode(deviceId, online, uptimeMs, clockValid, utcMs, sampleRateHz, null, null);
        }

        /// <summary>
        /// As above, with the firmware version (left out when null) and the settings the device runs with (left
        /// out when null; "cfg" is 0 until the cloud's first configuration was applied: boot defaults).
        /// </summary>
        public int Encode(string deviceId, bool online, long uptimeMs, bool clockValid, long utcMs, float sampleRateHz,
            string firmwareVersion, DeviceSettings applied)
        {
            JsonBufferWriter w = _writer;
            w.Reset();
            w.BeginObject();
            w.WriteLong(WireFields.SchemaVersion, WireSchema.Version);
            w.WriteString(WireFields.DeviceId, deviceId);
            w.WriteLong(WireFields.Online, online ? 1 : 0);
            if (clockValid)
            {
                w.WriteLong(WireFields.Timestamp, utcMs);
            }

            w.WriteLong(WireFields.ClockValid, clockValid ? 1 : 0);
            w.WriteLong(WireFields.Uptime, uptimeMs);
            if (sampleRateHz > 0f)
            {
                w.WriteFloat(WireFields.SampleRate, sampleRateHz);
            }

            if (firmwareVersion != null)
            {
                w.WriteString(WireFields.FirmwareVersion, firmwareVersion);
            }

            if (applied != null)
            {
                w.WriteLong(WireFields.ConfigVersion, applied.Version);
                w.WriteFloat(WireFields.Threshold, applied.ZThreshold);
                w.WriteFloat(WireFields.Hysteresis, applied.Hysteresis);
                w.WriteLong(WireFields.WarmupSamples, applied.WarmupSamples);
                w.WriteLong(WireFields.SamplePeriodMs, applied.SamplePeriodMs);
                w.WriteLong(WireFields.SummaryPeriodS, applied.SummaryPeriodSeconds);
                w.WriteStringArray(WireFields.DisabledSensors, applied.DisabledSensors, applied.DisabledCount);
            }

            w.EndObject();
            return w.Overflow ? -1 : w.Length;
        }
    }
}
