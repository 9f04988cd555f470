#nullable disable
using SmartMaintenance.Firmware.Core.Numerics;

namespace SmartMaintenance.Firmware.Core.Statistics
{
    /// <summary>
    /// Running mean and variance in O(1) memory. Welford's update (Technometrics 4(3), 1962) while the count is
    /// small; with a forgetting factor alpha &gt; 0 it switches, once count * alpha &gt;= 1, to the exponentially
    /// weighted form (T. Finch, "Incremental calculation of weighted mean and variance", 2009):
    /// mean += alpha * d; var = (1 - alpha) * (var + alpha * d^2), so old samples fade with time constant 1/alpha.
    /// Starting with plain Welford keeps the first estimates unbiased instead of dragging them toward zero.
    /// </summary>
    public sealed class RunningStats
    {
        private float _alpha;
        private long _count;
        private float _mean;
        private float _m2;
        private float _variance;

        public RunningStats(float forgetting)
        {
            Forgetting = forgetting;
        }

        /// <summary>Forgetting factor alpha in [0, 1): 0 means plain Welford over every sample.</summary>
        public float Forgetting
        {
            get { return _alpha; }
            set { _alpha = value > 0f && value < 1f ? value : 0f; }
        }

        public long Count
        {
            get { return _count; }
        }

        public float Mean
        {
            get { return _mean; }
        }

        /// <summary>Sample variance (n - 1 in the denominator) or its weighted equivalent; 0 below two samples.</summary>
        public float Variance
        {
            get { return _variance; }
        }

        public float StdDev
        {
            get { return FloatMath.Sqrt(_variance); }
        }

        public void Add(float x)
        {
            _count++;
            float delta = x - _mean;
            if (_alpha > 0f && _count * _alpha >= 1f)
            {
                float increment = _alpha * delta;
                _mean += increment;
                _variance = (1f - _alpha) * (_variance + delta * increment);
                return;
            }

            _mean += delta / _count;
            _m2 += delta * (x - _mean);
            if (_m2 < 0f)
            {
                _m2 = 0f;
            }

            _variance = _count > 1 ? _m2 / (_count - 1) : 0f;
        }

        public void Reset()
        {
            _count = 0;
            _mean = 0f;
            _m2 = 0f;
            _variance = 0f;
        }
    }
}
