#nullable disable
using SmartMaintenance.Firmware.Core.Numerics;
using SmartMaintenance.Firmware.Core.Statistics;

namespace SmartMaintenance.Firmware.Core.Filtering
{
    /// <summary>
    /// The on-device z-score pre-filter (SPEC.md §1). Each sample is judged against the baseline learnt from
    /// the samples before it, then joins the baseline. A sample enters the anomaly state when |z| &gt;= k and the
    /// state ends only when |z| &lt; k - h (hysteresis), so a signal hovering at k does not chatter. Allocates
    /// nothing.
    /// </summary>
    public sealed class ZScoreFilter
    {
        private readonly RunningStats _baseline;
        private readonly FilterOptions _options = new FilterOptions();
        private float _threshold = 2f;
        private float _hysteresis = 0.5f;
        private int _warmup = 30;
        private float _runReference;
        private int _runLength;

        public ZScoreFilter(FilterOptions options)
        {
            if (options != null)
            {
                _options.CopyFrom(options);
            }

            _baseline = new RunningStats(_options.Forgetting);
        }

        /// <summary>z-score of the last judged sample (0 during warm-up).</summary>
        public float LastZ;

        /// <summary>Baseline mean the last sample was judged against.</summary>
        public float BaselineMean;

        /// <summary>Baseline standard deviation (after the floor) the last sample was judged against.</summary>
        public float BaselineStd;

        /// <summary>True while in the anomaly state.</summary>
        public bool InAnomaly;

        /// <summary>True while the sensor is judged stuck.</summary>
        public bool IsStuck;

        /// <summary>NaN / infinity samples refused since boot.</summary>
        public long RejectedCount;

        /// <summary>Samples judged anomalous since boot.</summary>
        public long AnomalyCount;

        /// <summary>Times the sensor became stuck since boot.</summary>
        public long StuckCount;

        public FilterOptions Options
        {
            get { return _options; }
        }

        public RunningStats Baseline
        {
            get { return _baseline; }
        }

        /// <summary>Sets k, h and the warm-up (from DeviceSettings); h is clamped below k.</summary>
        public void Configure(float threshold, float hysteresis, int warmupSamples)
        {
            _threshold = threshold;
            _hysteresis = hysteresis < threshold ? hysteresis : 0f;
            _warmup = warmupSamples < 2 ? 2 : warmupSamples;
        }

        /// <summary>Judges one sample; returns a <see cref="FilterVerdict"/> value.</summary>
        public int Process(float x)
        {
            if (!FloatMath.IsFinite(x))
            {
                RejectedCount++;
                return FilterVerdict.Rejected;
            }

            bool becameStuck = TrackStuck(x);
            if (_baseline.Count < _warmup)
            {
                _baseline.Add(x);
                LastZ = 0f;
                BaselineMean = _baseline.Mean;
                BaselineStd = EffectiveStd();
                return becameStuck ? FilterVerdict.Stuck : FilterVerdict.Warmup;
            }

            float mean = _baseline.Mean;
            float std = EffectiveStd();
            float z = (x - mean) / std;
            LastZ = z;
            BaselineMean = mean;
            BaselineStd = std;
            float magnitude = FloatMath.Abs(z);
            if (InAnomaly)
            {
                if (magnitude < _threshold - _hysteresis)
                {
                    InAnomaly = false;
                }
            }
            else if (magnitude >= _threshold)
            {
                InAnomaly = true;
            }

            _baseline.Add(x);
            if (becameStuck)
            {
                return FilterVerdict.Stuck;
            }

            if (InAnomaly)
            {
                AnomalyCount++;
                return FilterVerdict.Anomaly;
            }

            return FilterVerdict.Normal;
        }

        /// <summary>Forgets the baseline and the states (after a config change of the sensor, or a sensor swap).</summary>
        public void Reset()
        {
            _baseline.Reset();
            InAnomaly = false;
            IsStuck = false;
            _runLength = 0;
            LastZ = 0f;
        }

        private float EffectiveStd()
        {
            float floor = FloatMath.Max(_options.StdFloor, _options.RelativeStdFloor * FloatMath.Abs(_baseline.Mean));
            return FloatMath.Max(_baseline.StdDev, floor);
        }

        /// <summary>
        /// Counts consecutive samples within the tolerance of the first one of the run: O(1), no window buffer.
        /// Returns true only on the sample that makes the run long enough (reported once per episode).
        /// </summary>
        private bool TrackStuck(float x)
        {
            if (_options.StuckWindow <= 0)
            {
                return false;
            }

            if (_runLength > 0 && FloatMath.Abs(x - _runReference) <= _options.StuckTolerance)
            {
                _runLength++;
            }
            else
            {
                _runReference = x;
                _runLength = 1;
                IsStuck = false;
            }

            if (!IsStuck && _runLength >= _options.StuckWindow)
            {
                IsStuck = true;
                StuckCount++;
                return true;
            }

            return false;
        }
    }
}
