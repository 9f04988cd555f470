#nullable disable
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Firmware.Core.Encoding
{
    /// <summary>Encodes a <see cref="TelemetryRecord"/> as the wire contract's compact JSON, into a reused buffer.</summary>
    public sealed class TelemetryEncoder
    {
        private readonly JsonBufferWriter _writer;

        public TelemetryEncoder()
            : this(WireLimits.MaxPayloadBytes)
        {
        }

        public TelemetryEncoder(int capacity)
        {
            _writer = new JsonBufferWriter(capacity);
        }

        /// <summary>The encoded bytes; valid up to the length Encode returned.</summary>
        public byte[] Buffer
        {
            get { return _writer.Buffer; }
        }

        /// <summary>Encodes the record; returns the byte count, or -1 when it does not fit the size limit.</summary>
        public int Encode(TelemetryRecord r)
        {
            JsonBufferWriter w = _writer;
            w.Reset();
            w.BeginObject();
            w.WriteLong(WireFields.SchemaVersion, WireSchema.Version);
            w.WriteString(WireFields.DeviceId, r.DeviceId);
            w.WriteLong(WireFields.Sequence, r.Sequence);
            if (r.ClockValid)
            {
                w.WriteLong(WireFields.Timestamp, r.TimestampMs);
            }

            w.WriteLong(WireFields.ClockValid, r.ClockValid ? 1 : 0);
            w.WriteLong(WireFields.Uptime, r.UptimeMs);
            w.WriteString(WireFields.SensorId, r.SensorId);
            w.WriteString(WireFields.SensorType, r.SensorType);
            w.WriteString(WireFields.Unit, r.Unit);
            w.WriteString(WireFields.Kind, r.Kind);
            // An empty summary (a silent sensor) has no mean, spread or extremes: writing 0s would report a
            // measurement of 0 (0 K for a temperature), which every later hop would refuse or, worse, store.
            bool emptySummary = r.HasSummary && r.Count == 0;
            if (!emptySummary)
            {
                w.WriteFloat(WireFields.Value, r.Value);
            }

            if (r.HasBaseline)
            {
                w.WriteFloat(WireFields.ZScore, r.ZScore);
                w.WriteFloat(WireFields.BaselineMean, r.BaselineMean);
                w.WriteFloat(WireFields.BaselineStd, r.BaselineStd);
            }

            if (r.Stuck)
            {
                w.WriteLong(WireFields.Stuck, 1);
            }

            if (r.HasSummary)
            {
                w.WriteLong(WireFields.Count, r.Count);
                if (!emptySummary)
                {
                    w.WriteFloat(WireFields.Std, r.Std);
                    w.WriteFloat(WireFields.Min, r.Min);
                    w.WriteFloat(WireFields.Max, r.Max);
                }
            }

            w.EndObject();
            return w.Overflow ? -1 : w.Length;
        }
    }
}
