#nullable disable
using SmartMaintenance.Firmware.Core.Numerics;

namespace SmartMaintenance.Firmware.Core.Statistics
{
    /// <summary>
    /// Count, mean, standard deviation, min and max since the last reset: the periodic summary that keeps a quiet
    /// sensor visible and feeds the cloud's drift detection (SPEC.md §1). Welford without forgetting, so the
    /// figures equal a two-pass computation over the same samples.
    /// </summary>
    public sealed class SummaryAccumulator
    {
        private readonly RunningStats _stats = new RunningStats(0f);
        private float _min;
        private float _max;

        public long Count
        {
            get { return _stats.Count; }
        }

        public float Mean
        {
            get { return _stats.Mean; }
        }

        /// <summary>Sample standard deviation (n - 1); 0 for fewer than two samples.</summary>
        public float StdDev
        {
            get { return _stats.StdDev; }
        }

        /// <summary>Smallest sample; 0 when empty.</summary>
        public float Min
        {
            get { return _stats.Count == 0 ? 0f : _min; }
        }

        /// <summary>Largest sample; 0 when empty.</summary>
        public float Max
        {
            get { return _stats.Count == 0 ? 0f : _max; }
        }

        public void Add(float x)
        {
            if (_stats.Count == 0)
            {
                _min = x;
                _max = x;
            }
            else
            {
                _min = FloatMath.Min(_min, x);
                _max = FloatMath.Max(_max, x);
            }

            _stats.Add(x);
        }

        public void Reset()
        {
            _stats.Reset();
        }
    }
}
