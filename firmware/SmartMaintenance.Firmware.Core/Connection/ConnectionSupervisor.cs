#nullable disable
using System;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.Firmware.Core.Config;
using SmartMaintenance.Firmware.Core.Encoding;
using SmartMaintenance.Firmware.Core.Network;
using SmartMaintenance.Firmware.Core.Platform;
using SmartMaintenance.Firmware.Core.Reliability;

namespace SmartMaintenance.Firmware.Core.Connection
{
    /// <summary>
    /// One state machine for the whole uplink: Wi-Fi -> MQTT -> subscribed -> online, with a jittered backoff
    /// after every failure, the outbox drained in order while online, and the HTTP fallback when the broker stays
    /// away. It never sleeps: the main loop calls Tick, the transport reports through the listener methods (from
    /// any thread; every entry point takes the same lock). Close() is idempotent and Reconnect() = Close(); Open().
    /// A pass runs at most one blocking step (Wi-Fi connect, MQTT connect or HTTP post) plus at most one close,
    /// so its duration is bounded by <see cref="SupervisorOptions.WorstCasePassMs"/>. Events of an older
    /// connection (another session number) are counted in StaleEvents and otherwise ignored.
    /// </summary>
    public sealed class ConnectionSupervisor : IMqttTransportListener
    {
        /// <summary>A moved sample rate republishes the retained status at most this often (10 min).</summary>
        public const int RateStatusIntervalMs = 600000;

        private readonly object _sync = new object();
        private readonly string _site;
        private readonly string _deviceId;
        private readonly IClock _clock;
        private readonly INetworkLink _link;
        private readonly IMqttTransport _transport;
        private readonly IHttpUplink _http;
        private readonly Outbox _outbox;
        private readonly Backoff _backoff;
        private readonly RemoteConfigHandler _config;
        private readonly SupervisorOptions _options;
        private readonly StatusEncoder _status = new StatusEncoder();
        private readonly HttpBatchEncoder _batch;
        private readonly byte[] _configBuffer;
        private readonly string _telemetryTopic;
        private readonly string _statusTopic;
        private readonly string _configTopic;
        private readonly string _configAckTopic;
        private int _state = SupervisorState.Closed;
        private int _retryState;
        private long _retryAtMs;
        private long _lastBrokerMs;
        private long _nextHttpMs;
        private int _configLength = -1;
        private float _sampleRateHz;
        private float _publishedRateHz;
        private long _nextRateStatusMs;

        public ConnectionSupervisor(string site, string deviceId, IClock clock, INetworkLink link,
            IMqttTransport transport, IHttpUplink http, Outbox outbox, Backoff backoff, RemoteConfigHandler config,
            SupervisorOptions options)
        {
            _site = site;
            _deviceId = deviceId;
            _clock = clock;
            _link = link;
            _transport = transport;
            _http = http;
            _outbox = outbox;
            _backoff = backoff;
            _config = config;
            _options = options == null ? new SupervisorOptions() : options;
            string invalid = _options.Validate();
            if (invalid != null)
            {
                throw new ArgumentException(invalid);
            }

            _batch = new HttpBatchEncoder(8192);
            _configBuffer = new byte[_options.MaxConfigBytes];
            _telemetryTopic = TopicScheme.Build(site, deviceId, TopicScheme.Telemetry);
            _statusTopic = TopicScheme.Build(site, deviceId, TopicScheme.Status);
            _configTopic = TopicScheme.Build(site, deviceId, TopicScheme.Config);
            _configAckTopic = TopicScheme.Build(site, deviceId, TopicScheme.ConfigAck);
            transport.SetListener(this);
        }

        public int State
        {
            get { return _state; }
        }

        /// <summary>Connections lost while online, since boot.</summary>
        public long Disconnects;

        /// <summary>Batches the cloud accepted over HTTP, since boot.</summary>
        public long HttpBatches;

        /// <summary>Messages delivered over HTTP, since boot.</summary>
        public long HttpMessages;

        /// <summary>Config messages too large to keep, since boot.</summary>
        public long ConfigDropped;

        /// <summary>Acknowledgements, messages or closes that came from an older connection and were ignored.</summary>
        public long StaleEvents;

        /// <summary>
        /// The sample rate the main loop achieved (Hz, 0 = not measured yet), published in the status message
        /// (<see cref="WireFields.SampleRate"/>). The status is republished when it moves by more than a tenth.
        /// </summary>
        public void ReportSampleRate(float hz)
        {
            lock (_sync)
            {
                _sampleRateHz = hz;
            }
        }

        public string TelemetryTopic
        {
            get { return _telemetryTopic; }
        }

        public string StatusTopic
        {
            get { return _statusTopic; }
        }

        /// <summary>True while the HTTP fallback is due (no broker for HttpFallbackAfterMs).</summary>
        public bool FallbackActive
        {
            get
            {
                lock (_sync)
                {
                    return IsFallbackDue(_clock.UptimeMs);
                }
            }
        }

        /// <summary>Starts connecting (from Closed); the next Tick makes the first attempt.</summary>
        public void Open()
        {
            lock (_sync)
            {
                if (_state != SupervisorState.Closed)
                {
                    return;
                }

                _state = SupervisorState.ConnectingWifi;
                _lastBrokerMs = _clock.UptimeMs;
                _nextHttpMs = 0;
                _backoff.Reset();
            }
        }

        /// <summary>Disconnects and stops; unacknowledged messages stay queued. Safe to call twice.</summary>
        public void Close()
        {
            lock (_sync)
            {
                if (_state == SupervisorState.Closed)
                {
                    return;
                }

                if (_state == SupervisorState.Online && _transport.IsConnected)
                {
                    // A graceful stop says so itself; the broker's last will covers only the ungraceful ones.
                    int length = _status.Encode(_deviceId, false, _clock.UptimeMs, _clock.IsUtcValid,
                        _clock.IsUtcValid ? _clock.UtcNowMs : 0, _sampleRateHz, FirmwareInfo.Version, AppliedSettings());
                    if (length > 0)
                    {
                        _transport.Publish(_statusTopic, _status.Buffer, length, true);
                    }
                }

                _state = SupervisorState.Closed;
                _outbox.RequeueInFlight();
                _transport.Close();
            }
        }

        public void Reconnect()
        {
            lock (_sync)
            {
                Close();
                Open();
            }
        }

        /// <summary>One step of the state machine plus, while online, draining the outbox. Call every loop pass.</summary>
        public void Tick()
        {
            lock (_sync)
            {
                long now = _clock.UptimeMs;
                // A connect attempt is this pass's one blocking step: the HTTP fallback waits for the next pass.
                bool blocked = false;
                switch (_state)
                {
                    case SupervisorState.BackingOff:
                        if (now >= _retryAtMs)
                        {
                            _state = _retryState;
                        }

                        break;
                    case SupervisorState.ConnectingWifi:
                        if (_link.IsUp)
                        {
                            _state = SupervisorState.ConnectingMqtt;
                        }
                        else
                        {
                            blocked = true;
                            if (_link.Connect(_options.WifiTimeoutMs))
                            {
                                _state = SupervisorState.ConnectingMqtt;
                            }
                            else
                            {
                                Fail(SupervisorState.ConnectingWifi);
                            }
                        }

                        break;
                    case SupervisorState.ConnectingMqtt:
                        if (!_link.IsUp)
                        {
                            _state = SupervisorState.ConnectingWifi;
                        }
                        else
                        {
                            blocked = true;
                            if (_transport.Open())
                            {
                                _state = SupervisorState.Subscribing;
                            }
                            else
                            {
                                Fail(SupervisorState.ConnectingMqtt);
                            }
                        }

                        break;
                    case SupervisorState.Subscribing:
                        if (_transport.Subscribe(_configTopic))
                        {
                            GoOnline(now);
                        }
                        else
                        {
                            _transport.Close();
                            Fail(SupervisorState.ConnectingMqtt);
                        }

                        break;
                    case SupervisorState.Online:
                        if (!_link.IsUp || !_transport.IsConnected)
                        {
                            LoseConnection(!_link.IsUp);
                        }
                        else
                        {
                            _lastBrokerMs = now;
                            HandlePendingConfig();
                            RepublishStatusIfRateMoved(now);
                            Pump();
                        }

                        break;
                }

                if (!blocked && _state != SupervisorState.Online && _state != SupervisorState.Closed)
                {
                    TryHttpFallback(now);
                }
            }
        }

        public void OnPublishAcknowledged(int session, int token)
        {
            lock (_sync)
            {
                if (IsStale(session))
                {
                    return;
                }

                _outbox.Acknowledge(token);
            }
        }

        /// <summary>Keeps a config message for the main loop, so settings change on the sampling thread only.</summary>
        public void OnMessageReceived(int session, string topic, byte[] payload, int length)
        {
            lock (_sync)
            {
                if (IsStale(session) || topic != _configTopic)
                {
                    return;
                }

                if (length > _configBuffer.Length)
                {
                    ConfigDropped++;
                    return;
                }

                Array.Copy(payload, 0, _configBuffer, 0, length);
                _configLength = length;
            }
        }

        public void OnConnectionClosed(int session)
        {
            lock (_sync)
            {
                if (IsStale(session))
                {
                    return;
                }

                if (_state == SupervisorState.Online || _state == SupervisorState.Subscribing)
                {
                    LoseConnection(false);
                }
            }
        }

        private void GoOnline(long now)
        {
            _state = SupervisorState.Online;
            _backoff.Reset();
            _lastBrokerMs = now;
            _outbox.RequeueInFlight();
            PublishStatus(now);

            HandlePendingConfig();
            Pump();
        }

        /// <summary>True (and counted) when the event came from another connection than the current one.</summary>
        private bool IsStale(int session)
        {
            if (session == _transport.Session)
            {
                return false;
            }

            StaleEvents++;
            return true;
        }

        private void PublishStatus(long now)
        {
            bool valid = _clock.IsUtcValid;
            int length = _status.Encode(_deviceId, true, now, valid, valid ? _clock.UtcNowMs : 0, _sampleRateHz,
                FirmwareInfo.Version, AppliedSettings());
            if (length > 0)
            {
                _transport.Publish(_statusTopic, _status.Buffer, length, true);
                _publishedRateHz = _sampleRateHz;
                _nextRateStatusMs = now + RateStatusIntervalMs;
            }
        }

        private void RepublishStatusIfRateMoved(long now)
        {
            float moved = _sampleRateHz - _publishedRateHz;
            if (moved < 0f)
            {
                moved = -moved;
            }

            bool firstMeasure = _publishedRateHz <= 0f;
            if (_sampleRateHz > 0f && (firstMeasure || (now >= _nextRateStatusMs && moved > 0.1f * _publishedRateHz)))
            {
                PublishStatus(now);
            }
        }

        private void LoseConnection(bool linkDown)
        {
            Disconnects++;
            _outbox.RequeueInFlight();
            _transport.Close();
            Fail(linkDown ? SupervisorState.ConnectingWifi : SupervisorState.ConnectingMqtt);
        }

        private void Fail(int retryState)
        {
            _retryState = retryState;
            _retryAtMs = _clock.UptimeMs + _backoff.NextDelayMs();
            _state = SupervisorState.BackingOff;
        }

        /// <summary>Sends pending entries, oldest first, while the in-flight window has room.</summary>
        private void Pump()
        {
            int inFlight = _outbox.InFlight;
            while (inFlight < _options.MaxInFlight)
            {
                int slot = _outbox.NextPending();
                if (slot < 0)
                {
                    return;
                }

                int token = _transport.Publish(_telemetryTopic, _outbox.SlotBuffer(slot), _outbox.SlotLength(slot), false);
                if (token < 0)
                {
                    LoseConnection(false);
                    return;
                }

                _outbox.MarkSent(slot, token);
                inFlight++;
            }
        }

        private void HandlePendingConfig()
        {
            if (_configLength < 0 || _config == null)
            {
                return;
            }

            long applied = _config.AppliedCount;
            int length = _config.Handle(_configBuffer, _configLength);
            _configLength = -1;
            if (length > 0)
            {
                // Not queued in the outbox: the cloud re-sends its desired config until it sees an ack.
                _transport.Publish(_configAckTopic, _config.AckBuffer, length, false);
            }

            if (_config.AppliedCount != applied && _state == SupervisorState.Online)
            {
                // The retained status reports the configuration the device runs with: renew it after a change.
                PublishStatus(_clock.UptimeMs);
            }
        }

        private DeviceSettings AppliedSettings()
        {
            return _config == null ? null : _config.Settings;
        }

        private bool IsFallbackDue(long now)
        {
            return _http != null && _options.HttpFallbackAfterMs > 0 && _state != SupervisorState.Online
                && _state != SupervisorState.Closed && now - _lastBrokerMs >= _options.HttpFallbackAfterMs;
        }

        private void TryHttpFallback(long now)
        {
            if (!IsFallbackDue(now) || now < _nextHttpMs || !_link.IsUp)
            {
                return;
            }

            int items;
            int length = _batch.Encode(_site, _deviceId, _clock.UtcNowMs, _outbox, _options.HttpBatchItems, out items);
            if (length <= 0)
            {
                return;
            }

            int status = _http.Post(_batch.Buffer, length);
            if (status < 200 || status > 299)
            {
                _nextHttpMs = now + _options.HttpRetryMs;
                return;
            }

            // The posted entries are the oldest pending ones, in order: release them from the front.
            for (int i = 0; i < items; i++)
            {
                int slot = _outbox.NextPending();
                if (slot >= 0)
                {
                    _outbox.Release(slot);
                }
            }

            HttpBatches++;
            HttpMessages += items;
            _nextHttpMs = _outbox.NextPending() >= 0 ? now : now + _options.HttpRetryMs;
        }
    }
}
