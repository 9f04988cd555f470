#nullable disable
using SmartMaintenance.Firmware.Core.Platform;

namespace SmartMaintenance.Firmware.Core.Reliability
{
    /// <summary>
    /// Application watchdog: the main loop feeds it every pass; a separate watchdog thread calls Check, and when
    /// the loop has not fed it for longer than the timeout (a hung sensor read, a blocked socket) it asks the
    /// rebooter once for a restart. Logic only: the thread and Power.RebootDevice live in the device layer.
    /// </summary>
    public sealed class AppWatchdog
    {
        private readonly IClock _clock;
        private readonly IRebooter _rebooter;
        private readonly object _sync = new object();
        private long _lastFeedMs;
        private bool _fired;

        public AppWatchdog(IClock clock, IRebooter rebooter, int timeoutMs)
        {
            _clock = clock;
            _rebooter = rebooter;
            TimeoutMs = timeoutMs;
            _lastFeedMs = clock.UptimeMs;
        }

        public int TimeoutMs;

        public bool Fired
        {
            get { return _fired; }
        }

        public void Feed()
        {
            lock (_sync)
            {
                _lastFeedMs = _clock.UptimeMs;
            }
        }

        /// <summary>True when this call requested the reboot.</summary>
        public bool Check()
        {
            lock (_sync)
            {
                if (_fired || _clock.UptimeMs - _lastFeedMs <= TimeoutMs)
                {
                    return false;
                }

                _fired = true;
            }

            _rebooter.Reboot("main loop stalled for more than " + TimeoutMs.ToString() + " ms");
            return true;
        }
    }
}
