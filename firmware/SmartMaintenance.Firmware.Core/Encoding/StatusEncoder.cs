#nullable disable
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Firmware.Core.Encoding
{
    /// <summary>
    /// The retained status message: on = 1 as the birth message after connecting, on = 0 as the last will the
    /// broker publishes when the board vanishes.
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
            w.EndObject();
            return w.Overflow ? -1 : w.Length;
        }
    }
}
