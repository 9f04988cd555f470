#nullable disable
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Firmware.Core.Connection
{
    /// <summary>
    /// Timing of the connection supervisor; defaults suit a board on plant Wi-Fi. Every blocking step has its own
    /// timeout, and one supervisor pass runs at most one connect or post plus one close (see
    /// <see cref="WorstCasePassMs"/>), so the main loop always comes back to feed the watchdog in time.
    /// </summary>
    public sealed class SupervisorOptions
    {
        /// <summary>Joining Wi-Fi and getting a DHCP address (no SNTP wait: time is not needed to connect).</summary>
        public int WifiTimeoutMs = 12000;
        /// <summary>TCP (and TLS) connect plus CONNACK; M2Mqtt's own CONNACK wait is a fixed 30 s, the adapter cuts it.</summary>
        public int MqttConnectTimeoutMs = 10000;
        /// <summary>What closing a client may take: M2Mqtt's Close pauses 200 ms and waits up to 1 s for its keep-alive thread.</summary>
        public int MqttCloseBudgetMs = 2000;
        /// <summary>One HTTP fallback POST, DNS included (the adapter cuts it).</summary>
        public int HttpTimeoutMs = 10000;
        /// <summary>The application watchdog's period; a pass must stay below half of it.</summary>
        public int WatchdogPeriodMs = 60000;
        public int BackoffBaseMs = 1000;
        /// <summary>One minute: long enough to spare a recovering broker, short enough for a technician waiting.</summary>
        public int BackoffCapMs = 60000;
        /// <summary>Without a broker for this long, batches go to the cloud over HTTP; 0 disables the fallback.</summary>
        public int HttpFallbackAfterMs = 5 * 60 * 1000;
        /// <summary>Pause between HTTP batches while the fallback is active (and after a failed one).</summary>
        public int HttpRetryMs = 30000;
        public int HttpBatchItems = 20;
        /// <summary>Publishes awaiting their PUBACK at once.</summary>
        public int MaxInFlight = 8;
        /// <summary>Largest config message kept for the main loop; the cloud refuses to store bigger ones.</summary>
        public int MaxConfigBytes = WireLimits.MaxConfigBytes;

        /// <summary>
        /// The longest one Tick can block: one close (of a lost or refused connection) plus the longest of the
        /// blocking steps, since a pass runs at most one of Wi-Fi connect, MQTT connect or HTTP post.
        /// </summary>
        public int WorstCasePassMs()
        {
            int longest = WifiTimeoutMs;
            if (MqttConnectTimeoutMs > longest)
            {
                longest = MqttConnectTimeoutMs;
            }

            if (HttpTimeoutMs > longest)
            {
                longest = HttpTimeoutMs;
            }

            return MqttCloseBudgetMs + longest;
        }

        /// <summary>Null when usable, else why not (checked at start, so a bad build fails on the bench, not in the plant).</summary>
        public string Validate()
        {
            if (WifiTimeoutMs <= 0 || MqttConnectTimeoutMs <= 0 || HttpTimeoutMs <= 0 || MqttCloseBudgetMs < 0)
            {
                return "every step timeout must be positive";
            }

            if (WatchdogPeriodMs <= 0)
            {
                return "the watchdog period must be positive";
            }

            if (WorstCasePassMs() >= WatchdogPeriodMs / 2)
            {
                return "one supervisor pass may block " + WorstCasePassMs().ToString() + " ms, not below half the watchdog period ("
                    + (WatchdogPeriodMs / 2).ToString() + " ms)";
            }

            if (BackoffBaseMs <= 0 || BackoffCapMs < BackoffBaseMs || MaxInFlight <= 0 || HttpBatchItems <= 0)
            {
                return "backoff, in-flight window and batch size must be positive";
            }

            return null;
        }
    }
}
