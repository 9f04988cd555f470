#nullable disable
using SmartMaintenance.Firmware.Core.Platform;

namespace SmartMaintenance.Firmware.Core.Network
{
    /// <summary>
    /// Whether the Wi-Fi link is really up after it was joined: a drop reported by the availability event counts
    /// at once, and the interface is also polled (at most every PollMs, the probe allocates on the board) so a
    /// drop whose event was missed is seen too. nanoFramework's WifiNetworkHelper.Status is set only during a
    /// connect, so it stays "ready" after the access point went away; the supervisor relies on this instead.
    /// </summary>
    public sealed class LinkMonitor
    {
        private readonly IClock _clock;
        private readonly ILinkProbe _probe;
        private readonly int _pollMs;
        private readonly object _sync = new object();
        private bool _joined;
        private bool _eventSaysDown;
        private long _nextPollMs;

        public LinkMonitor(IClock clock, ILinkProbe probe, int pollMs)
        {
            _clock = clock;
            _probe = probe;
            _pollMs = pollMs < 1 ? 1 : pollMs;
        }

        /// <summary>Link losses seen since boot.</summary>
        public long Drops;

        /// <summary>The adapter joined the network and got an address.</summary>
        public void Joined()
        {
            lock (_sync)
            {
                _joined = true;
                _eventSaysDown = false;
                _nextPollMs = _clock.UptimeMs + _pollMs;
            }
        }

        /// <summary>The adapter left the network on purpose.</summary>
        public void Left()
        {
            lock (_sync)
            {
                _joined = false;
            }
        }

        /// <summary>nanoFramework's NetworkChange.NetworkAvailabilityChanged; may come from another thread.</summary>
        public void OnAvailabilityChanged(bool available)
        {
            lock (_sync)
            {
                if (!available)
                {
                    _eventSaysDown = true;
                }
            }
        }

        public bool IsUp
        {
            get
            {
                lock (_sync)
                {
                    if (!_joined)
                    {
                        return false;
                    }

                    bool up = !_eventSaysDown;
                    long now = _clock.UptimeMs;
                    if (up && now >= _nextPollMs)
                    {
                        _nextPollMs = now + _pollMs;
                        up = _probe.IsNetworkAvailable() && _probe.HasIpAddress();
                    }

                    if (!up)
                    {
                        _joined = false;
                        Drops++;
                    }

                    return up;
                }
            }
        }
    }
}
