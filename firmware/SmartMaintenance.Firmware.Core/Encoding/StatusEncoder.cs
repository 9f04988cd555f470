#nullable disable
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Firmware.Core.Encoding
{
    /// <summary>
    /// The retained status message: on = 1 as the birth message after connecting, on = 0 as the last will the
    /// broker publishes when the board vanishes. Carries the achieved sample rate once the device measured it.
    /// </summary>
    public sealed class StatusEncoder
    {
        private readonly JsonBufferWriter _writer = new JsonBufferWriter(160);

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
            w.EndObject();
            return w.Overflow ? -1 : w.Length;
        }
    }
}
