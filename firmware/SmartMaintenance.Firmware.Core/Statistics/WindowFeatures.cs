#nullable disable
using SmartMaintenance.Firmware.Core.Numerics;

namespace SmartMaintenance.Firmware.Core.Statistics
{
    /// <summary>
    /// Features of a tumbling window of fixed size: mean, min, max and RMS (the usual vibration severity measure,
    /// ISO 10816). The features of the last full window stay readable while the next one fills.
    /// </summary>
    public sealed class WindowFeatures
    {
        private readonly int _size;
        private int _n;
        private float _sum;
        private float _sumSquares;
        private float _min;
        private float _max;

        public WindowFeatures(int size)
        {
            _size = size < 1 ? 1 : size;
        }

        public int Size
        {
            get { return _size; }
        }

        public float Mean;
        public float Min;
        public float Max;
        public float Rms;

        /// <summary>Adds a sample; true when it completed a window (the features were just updated).</summary>
        public bool Add(float x)
        {
            if (_n == 0)
            {
                _min = x;
                _max = x;
            }
            else
            {
                if (x < _min)
                {
                    _min = x;
                }

                if (x > _max)
                {
                    _max = x;
                }
            }

            _n++;
            _sum += x;
            _sumSquares += x * x;
            if (_n < _size)
            {
                return false;
            }

            Mean = _sum / _n;
            Min = _min;
            Max = _max;
            Rms = FloatMath.Sqrt(_sumSquares / _n);
            _n = 0;
            _sum = 0f;
            _sumSquares = 0f;
            return true;
        }
    }
}
