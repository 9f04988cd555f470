#nullable disable
namespace SmartMaintenance.Firmware.Core.Telemetry
{
    /// <summary>
    /// Decides from the uptime clock when the next sample is due, instead of sleeping a fixed time per loop pass
    /// (whose real period grows with everything else the pass does). When the loop falls behind by a whole period
    /// or more, the missed slots are counted and skipped rather than taken in a burst.
    /// </summary>
    public sealed class SamplePacer
    {
        private readonly int _periodMs;
        private long _nextMs;

        public SamplePacer(int periodMs, long startMs)
        {
            _periodMs = periodMs < 1 ? 1 : periodMs;
            _nextMs = startMs;
        }

        public int PeriodMs
        {
            get { return _periodMs; }
        }

        /// <summary>Sample slots skipped because the loop came back too late.</summary>
        public long Missed;

        /// <summary>Milliseconds until the next sample is due (0 when due now).</summary>
        public long WaitMs(long nowMs)
        {
            return nowMs >= _nextMs ? 0 : _nextMs - nowMs;
        }

        /// <summary>True (and the slot is taken) when a sample is due at nowMs.</summary>
        public bool IsDue(long nowMs)
        {
            if (nowMs < _nextMs)
            {
                return false;
            }

            long late = nowMs - _nextMs;
            if (late >= _periodMs)
            {
                Missed += late / _periodMs;
                _nextMs = nowMs + _periodMs;
            }
            else
            {
                _nextMs += _periodMs;
            }

            return true;
        }
    }
}
