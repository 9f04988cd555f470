#nullable disable
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.Firmware.Core.Telemetry;

namespace SmartMaintenance.Firmware.Core.Config
{
    /// <summary>
    /// Handles a desired configuration from the config topic: validate, apply to the running pipeline, and
    /// build the acknowledgement (applied version, or the rejection reason while the old settings stay).
    /// </summary>
    public sealed class RemoteConfigHandler
    {
        private readonly SamplePipeline _pipeline;
        private readonly ConfigParser _parser;
        private readonly ConfigAckEncoder _ack = new ConfigAckEncoder();

        /// <summary>The pipeline's settings at this moment (boot) become the defaults of fields a config omits.</summary>
        public RemoteConfigHandler(SamplePipeline pipeline)
        {
            _pipeline = pipeline;
            _parser = new ConfigParser(pipeline.Settings);
        }

        /// <summary>The settings the device runs with (boot defaults until a config was applied); reported in the status.</summary>
        public DeviceSettings Settings
        {
            get { return _pipeline.Settings; }
        }

        public long AppliedCount;
        public long RejectedCount;

        /// <summary>Reason of the last rejection, or null.</summary>
        public string LastError;

        public byte[] AckBuffer
        {
            get { return _ack.Buffer; }
        }

        /// <summary>Applies or rejects the message; returns the length of the acknowledgement in AckBuffer.</summary>
        public int Handle(byte[] json, int length)
        {
            DeviceSettings settings = _pipeline.Settings;
            if (_parser.TryApply(json, length, settings, _pipeline.SensorIds, _pipeline.ChannelCount))
            {
                _pipeline.ApplySettings();
                AppliedCount++;
                LastError = null;
                return _ack.Encode(settings.Version, true, null);
            }

            RejectedCount++;
            LastError = _parser.Error;
            return _ack.Encode(RequestedVersion(json, length), false, _parser.Error);
        }

        /// <summary>The cfg number of a rejected message, so the cloud knows which request failed; -1 if unreadable.</summary>
        private static long RequestedVersion(byte[] json, int length)
        {
            FlatJsonReader reader = new FlatJsonReader(json, length);
            if (!reader.BeginObject())
            {
                return -1;
            }

            while (reader.NextProperty())
            {
                if (reader.PropertyName == WireFields.ConfigVersion && reader.ValueKind == FlatJsonReader.KindNumber)
                {
                    return reader.LongValue;
                }
            }

            return -1;
        }
    }
}
