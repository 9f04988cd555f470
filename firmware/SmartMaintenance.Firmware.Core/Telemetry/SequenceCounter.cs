#nullable disable
using SmartMaintenance.Firmware.Core.Platform;

namespace SmartMaintenance.Firmware.Core.Telemetry
{
    /// <summary>
    /// The per-device message sequence, kept across reboots: the cloud de-duplicates by (device, sequence), so a
    /// sequence that restarted at 0 would be thrown away as replays. Numbers are reserved in blocks and only the
    /// end of the block is written, which bounds flash wear to one write per block; a reboot skips the rest of
    /// the block (gaps are harmless, repeats are not).
    /// </summary>
    public sealed class SequenceCounter
    {
        public const string DefaultKey = "seq";

        private readonly IPersistentStore _store;
        private readonly string _key;
        private readonly int _block;
        private long _next = -1;
        private long _reservedUntil = -1;

        public SequenceCounter(IPersistentStore store, string key, int block)
        {
            _store = store;
            _key = key;
            _block = block < 1 ? 1 : block;
        }

        /// <summary>The number Next will return.</summary>
        public long Peek
        {
            get
            {
                Load();
                return _next;
            }
        }

        public long Next()
        {
            Load();
            if (_next >= _reservedUntil)
            {
                _reservedUntil = _next + _block;
                _store.WriteLong(_key, _reservedUntil);
            }

            return _next++;
        }

        private void Load()
        {
            if (_next < 0)
            {
                long stored = _store.ReadLong(_key, 0);
                _next = stored < 0 ? 0 : stored;
                _reservedUntil = _next;
            }
        }
    }
}
