#nullable disable
namespace SmartMaintenance.Firmware.Core.Platform
{
    /// <summary>
    /// xorshift32 (Marsaglia, "Xorshift RNGs", J. Stat. Softw. 8(14), 2003): tiny, allocation-free and the same
    /// sequence on the board and the desktop for a given seed. Not for cryptography.
    /// </summary>
    public sealed class XorShiftRandom : IRandom
    {
        private uint _state;

        public XorShiftRandom(int seed)
        {
            // Neighbouring seeds (board 1, 2, 3...) must not give neighbouring streams: mix the seed first with
            // the MurmurHash3 finaliser. Zero is the one state xorshift never leaves; map it elsewhere.
            uint h = (uint)seed;
            h ^= h >> 16;
            h *= 0x85EBCA6Bu;
            h ^= h >> 13;
            h *= 0xC2B2AE35u;
            h ^= h >> 16;
            _state = h == 0 ? 0x9E3779B9u : h;
        }

        public uint NextUInt()
        {
            uint x = _state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _state = x;
            return x;
        }

        public float NextFloat()
        {
            // The top 24 bits fill a float mantissa exactly, so the result is uniform and strictly below 1.
            return (NextUInt() >> 8) * (1f / 16777216f);
        }
    }
}
