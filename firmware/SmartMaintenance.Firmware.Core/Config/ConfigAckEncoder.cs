#nullable disable
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.Firmware.Core.Encoding;

namespace SmartMaintenance.Firmware.Core.Config
{
    /// <summary>Encodes the acknowledgement of a config message: applied version, or the rejection reason.</summary>
    public sealed class ConfigAckEncoder
    {
        private readonly JsonBufferWriter _writer = new JsonBufferWriter(256);

        public byte[] Buffer
        {
            get { return _writer.Buffer; }
        }

        public int Encode(long version, bool applied, string error)
        {
            JsonBufferWriter w = _writer;
            w.Reset();
            w.BeginObject();
            w.WriteLong(WireFields.SchemaVersion, WireSchema.Version);
            w.WriteLong(WireFields.ConfigVersion, version);
            w.WriteBool(WireFields.Applied, applied);
            if (error != null)
            {
                w.WriteString(WireFields.Error, error);
            }

            w.EndObject();
            return w.Overflow ? -1 : w.Length;
        }
    }
}
