#nullable disable
using SmartMaintenance.Firmware.Core.Platform;

namespace SmartMaintenance.Firmware.Core.Reliability
{
    /// <summary>
    /// Exponential backoff with full jitter: the n-th delay is uniform in [0, min(cap, base * 2^n)] ("Exponential
    /// Backoff And Jitter", AWS Architecture Blog, 2015). The randomness spreads a fleet that lost its broker at
    /// the same moment, so the boards do not reconnect in lock-step.
    /// </summary>
    public sealed class Backoff
    {
        private readonly IRandom _random;
        private readonly int _baseMs;
        private readonly int _capMs;
        private int _attempt;

        public Backoff(IRandom random, int baseMs, int capMs)
        {
            _random = random;
            _baseMs = baseMs < 1 ? 1 : baseMs;
            _capMs = capMs < _baseMs ? _baseMs : capMs;
        }

        /// <summary>Failed attempts since the last success.</summary>
        public int Attempt
        {
            get { return _attempt; }
        }

        /// <summary>The ceiling of the next delay: min(cap, base * 2^attempt).</summary>
        public int CurrentCeilingMs
        {
            get
            {
                long ceiling = _baseMs;
                for (int i = 0; i < _attempt && ceiling < _capMs; i++)
                {
                    ceiling *= 2;
                }

                return ceiling > _capMs ? _capMs : (int)ceiling;
            }
        }

        /// <summary>The delay before the next attempt; counts one more failure.</summary>
        public int NextDelayMs()
        {
            int ceiling = CurrentCeilingMs;
            if (_attempt < 30)
            {
                _attempt++;
            }

            int delay = (int)(_random.NextFloat() * (ceiling + 1));
            return delay > ceiling ? ceiling : delay;
        }

        /// <summary>After a success: start again from the base delay.</summary>
        public void Reset()
        {
            _attempt = 0;
        }
    }
}
