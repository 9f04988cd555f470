#nullable disable
using SmartMaintenance.Firmware.Core.Numerics;

namespace SmartMaintenance.Firmware.Core.Statistics
{
    /// <summary>
    /// A tumbling window of fixed duration (not of fixed sample count): mean, min, max, RMS and the sample rate
    /// actually achieved. On the board the interpreter's load decides how many samples fit in a second, so a
    /// count-based window would stretch in time and its RMS would describe a varying span. A sample that arrives
    /// at or after the window's end closes it and opens the next one; the last closed window stays readable.
    /// </summary>
    public sealed class TimedWindow
    {
        private readonly int _windowMs;
        private bool _open;
        private long _startMs;
        private int _n;
        private float _sum;
        private float _sumSquares;
        private float _min;
        private float _max;

        public TimedWindow(int windowMs)
        {
            _windowMs = windowMs < 1 ? 1 : windowMs;
        }

        public int WindowMs
        {
            get { return _windowMs; }
        }

        public float Mean;
        public float Min;
        public float Max;
        public float Rms;
        /// <summary>Samples in the last closed window.</summary>
        public int Count;
        /// <summary>Samples per second achieved in the last closed window.</summary>
        public float RateHz;

        /// <summary>Adds a sample taken at nowMs (uptime); true when it closed a window (the features were just updated).</summary>
        public bool Add(float x, long nowMs)
        {
            bool closed = false;
            if (_open && nowMs - _startMs >= _windowMs)
            {
                long elapsed = nowMs - _startMs;
                Count = _n;
                Mean = _sum / _n;
                Min = _min;
                Max = _max;
                Rms = FloatMath.Sqrt(_sumSquares / _n);
                RateHz = _n * 1000f / elapsed;
                _open = false;
                closed = true;
            }

            if (!_open)
            {
                _open = true;
                _startMs = nowMs;
                _n = 0;
                _sum = 0f;
                _sumSquares = 0f;
                _min = x;
                _max = x;
            }

            if (x < _min)
            {
                _min = x;
            }

            if (x > _max)
            {
                _max = x;
            }

            _n++;
            _sum += x;
            _sumSquares += x * x;
            return closed;
        }
    }
}
