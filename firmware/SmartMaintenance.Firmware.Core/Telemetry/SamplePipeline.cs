#nullable disable
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.Firmware.Core.Config;
using SmartMaintenance.Firmware.Core.Encoding;
using SmartMaintenance.Firmware.Core.Filtering;
using SmartMaintenance.Firmware.Core.Platform;
using SmartMaintenance.Firmware.Core.Reliability;

namespace SmartMaintenance.Firmware.Core.Telemetry
{
    /// <summary>
    /// The per-sample hot path: sample -> z-score filter -> summary -> (when worth sending) telemetry record ->
    /// encoder -> outbox. Everything it touches is preallocated, so a sample allocates nothing (checked by a test).
    /// </summary>
    public sealed class SamplePipeline
    {
        private readonly string _deviceId;
        private readonly IClock _clock;
        private readonly SequenceCounter _sequence;
        private readonly Outbox _outbox;
        private readonly DeviceSettings _settings;
        private readonly SensorChannel[] _channels;
        private readonly string[] _sensorIds;
        private readonly TelemetryRecord _record = new TelemetryRecord();
        private readonly TelemetryEncoder _encoder;
        private int _channelCount;

        public SamplePipeline(string deviceId, IClock clock, SequenceCounter sequence, Outbox outbox,
            DeviceSettings settings, int maxChannels)
        {
            _deviceId = deviceId;
            _clock = clock;
            _sequence = sequence;
            _outbox = outbox;
            _settings = settings;
            _channels = new SensorChannel[maxChannels];
            _sensorIds = new string[maxChannels];
            _encoder = new TelemetryEncoder(outbox.SlotSize);
        }

        /// <summary>
        /// Publish every judged sample (kind r, or a when deviating) instead of deviations and summaries only.
        /// The virtual device's default (its --count counts messages); boards run with it off.
        /// </summary>
        public bool PublishEverySample;

        /// <summary>Stop creating messages after this many (a bounded run); negative = no limit.</summary>
        public long MessageLimit = -1;

        /// <summary>Messages created (sequence numbers used) since start.</summary>
        public long MessagesCreated;

        /// <summary>Messages that did not fit the encoder buffer, since start.</summary>
        public long EncodeFailures;

        public int ChannelCount
        {
            get { return _channelCount; }
        }

        public DeviceSettings Settings
        {
            get { return _settings; }
        }

        /// <summary>True once MessageLimit messages were created.</summary>
        public bool LimitReached
        {
            get { return MessageLimit >= 0 && MessagesCreated >= MessageLimit; }
        }

        /// <summary>Ids of the channels, by index (the first ChannelCount entries): what a config may disable.</summary>
        public string[] SensorIds
        {
            get { return _sensorIds; }
        }

        public SensorChannel Channel(int index)
        {
            return _channels[index];
        }

        /// <summary>Adds a sensor; returns its index for Record. Setup time only (allocates).</summary>
        public int AddChannel(string id, string type, string unit, FilterOptions options)
        {
            SensorChannel channel = new SensorChannel(id, type, unit, options);
            channel.Filter.Configure(_settings.ZThreshold, _settings.Hysteresis, _settings.WarmupSamples);
            channel.LastSummaryMs = _clock.UptimeMs;
            channel.Enabled = !_settings.IsSensorDisabled(id);
            _channels[_channelCount] = channel;
            _sensorIds[_channelCount] = id;
            return _channelCount++;
        }

        /// <summary>
        /// Re-reads k, h, the warm-up and the disabled sensors after the settings changed (remote config); returns
        /// the messages queued. A sensor being switched off first publishes the summary of the samples it took in the
        /// running period (nothing is lost), then stays silent: no filter, no messages, no summaries, since the cloud
        /// knows from its own config why it hears nothing. A sensor switched back on starts afresh: a new warm-up
        /// (the signal may have changed while nobody looked) and a new summary period.
        /// </summary>
        public int ApplySettings()
        {
            int queued = 0;
            for (int i = 0; i < _channelCount; i++)
            {
                SensorChannel channel = _channels[i];
                channel.Filter.Configure(_settings.ZThreshold, _settings.Hysteresis, _settings.WarmupSamples);
                bool enabled = !_settings.IsSensorDisabled(channel.Id);
                if (channel.Enabled && !enabled)
                {
                    if (channel.Summary.Count > 0)
                    {
                        queued += QueueSummary(channel);
                    }

                    channel.Summary.Reset();
                    channel.Enabled = false;
                }
                else if (!channel.Enabled && enabled)
                {
                    channel.Filter.Reset();
                    channel.Summary.Reset();
                    channel.LastSummaryMs = _clock.UptimeMs;
                    channel.Enabled = true;
                }
            }

            return queued;
        }

        /// <summary>Feeds one sample; returns the number of messages queued for it (0 most of the time).</summary>
        public int Record(int channelIndex, float value)
        {
            SensorChannel channel = _channels[channelIndex];
            if (!channel.Enabled)
            {
                return 0;
            }

            int queued = 0;
            int verdict = channel.Filter.Process(value);
            if (verdict != FilterVerdict.Rejected)
            {
                channel.LastValue = value;
                channel.Summary.Add(value);
                if (verdict == FilterVerdict.Anomaly || verdict == FilterVerdict.Stuck)
                {
                    queued += QueueSample(channel, value, MessageKinds.Anomaly, true, verdict == FilterVerdict.Stuck);
                }
                else if (PublishEverySample)
                {
                    queued += QueueSample(channel, value, MessageKinds.Reading, false, false);
                }
            }

            if (SummaryDue(channel))
            {
                queued += QueueSummary(channel);
            }

            return queued;
        }

        /// <summary>Publishes the summaries that are due even for sensors that stopped delivering samples.</summary>
        public int FlushDueSummaries()
        {
            int queued = 0;
            for (int i = 0; i < _channelCount; i++)
            {
                SensorChannel channel = _channels[i];
                if (channel.Enabled && SummaryDue(channel))
                {
                    queued += QueueSummary(channel);
                }
            }

            return queued;
        }

        private bool SummaryDue(SensorChannel channel)
        {
            return _clock.UptimeMs - channel.LastSummaryMs >= _settings.SummaryPeriodSeconds * 1000L;
        }

        private int QueueSample(SensorChannel channel, float value, string kind, bool withBaseline, bool stuck)
        {
            TelemetryRecord r = Begin(channel, kind);
            if (r == null)
            {
                return 0;
            }

            r.Value = value;
            if (withBaseline)
            {
                r.HasBaseline = true;
                r.ZScore = channel.Filter.LastZ;
                r.BaselineMean = channel.Filter.BaselineMean;
                r.BaselineStd = channel.Filter.BaselineStd;
                r.Stuck = stuck;
            }

            return Finish(r);
        }

        private int QueueSummary(SensorChannel channel)
        {
            // The period restarts even when the message cannot be created, so a limit does not spin here.
            channel.LastSummaryMs = _clock.UptimeMs;
            TelemetryRecord r = Begin(channel, MessageKinds.Summary);
            if (r == null)
            {
                channel.Summary.Reset();
                return 0;
            }

            r.Value = channel.Summary.Mean;
            r.HasSummary = true;
            r.Count = channel.Summary.Count;
            r.Std = channel.Summary.StdDev;
            r.Min = channel.Summary.Min;
            r.Max = channel.Summary.Max;
            channel.Summary.Reset();
            return Finish(r);
        }

        private TelemetryRecord Begin(SensorChannel channel, string kind)
        {
            if (LimitReached)
            {
                return null;
            }

            TelemetryRecord r = _record;
            r.ClearExtras();
            r.DeviceId = _deviceId;
            r.Sequence = _sequence.Next();
            r.ClockValid = _clock.IsUtcValid;
            r.TimestampMs = r.ClockValid ? _clock.UtcNowMs : 0;
            r.UptimeMs = _clock.UptimeMs;
            r.SensorId = channel.Id;
            r.SensorType = channel.Type;
            r.Unit = channel.Unit;
            r.Kind = kind;
            MessagesCreated++;
            return r;
        }

        private int Finish(TelemetryRecord r)
        {
            int length = _encoder.Encode(r);
            if (length < 0)
            {
                EncodeFailures++;
                return 0;
            }

            _outbox.Enqueue(_encoder.Buffer, length, r.Sequence);
            return 1;
        }
    }
}
