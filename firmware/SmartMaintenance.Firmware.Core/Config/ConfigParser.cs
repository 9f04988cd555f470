#nullable disable
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Firmware.Core.Config
{
    /// <summary>
    /// Reads a config message (a flat JSON object of numbers, plus the list of disabled sensors) into a
    /// <see cref="DeviceSettings"/>. A message is the complete desired state: a field it omits takes its default (the
    /// device's boot settings), not whatever an earlier message set, so what a device runs after "applied version N"
    /// does not depend on the messages before N or on whether it rebooted since. Validates every value before
    /// touching the target, so a rejected message leaves the running settings unchanged.
    /// </summary>
    public sealed class ConfigParser
    {
        private readonly DeviceSettings _defaults = new DeviceSettings();
        private readonly DeviceSettings _candidate = new DeviceSettings();

        /// <summary>A parser whose defaults are those of <see cref="DeviceSettings"/>.</summary>
        public ConfigParser()
        {
        }

        /// <summary>A parser whose defaults are a copy of <paramref name="defaults"/> (the boot settings).</summary>
        public ConfigParser(DeviceSettings defaults)
        {
            _defaults.CopyFrom(defaults);
        }

        /// <summary>The reason of the last rejection, or null after a success.</summary>
        public string Error;

        /// <summary>
        /// Validates the message and, when all of it is valid, copies the result into <paramref name="target"/>.
        /// <paramref name="sensorIds"/> (the first <paramref name="sensorCount"/>) are the sensors this device has:
        /// a disabled-sensor id outside them rejects the message.
        /// </summary>
        public bool TryApply(byte[] json, int length, DeviceSettings target, string[] sensorIds, int sensorCount)
        {
            Error = null;
            _candidate.CopyFrom(_defaults);
            bool sawVersion = false;
            FlatJsonReader reader = new FlatJsonReader(json, length);
            if (!reader.BeginObject())
            {
                return Fail("config is not a JSON object");
            }

            while (reader.NextProperty())
            {
                string name = reader.PropertyName;
                if (name == WireFields.DisabledSensors)
                {
                    if (!ReadDisabledSensors(reader, sensorIds, sensorCount))
                    {
                        return false;
                    }

                    continue;
                }

                if (reader.ValueKind != FlatJsonReader.KindNumber)
                {
                    // Unknown non-numeric properties are ignored for forward compatibility; known ones must be numbers.
                    if (IsKnown(name))
                    {
                        return Fail("'" + name + "' must be a number");
                    }

                    continue;
                }

                float number = reader.NumberValue;
                if (name == WireFields.SchemaVersion)
                {
                    if (number != WireSchema.Version)
                    {
                        return Fail("unsupported schema version");
                    }
                }
                else if (name == WireFields.ConfigVersion)
                {
                    _candidate.Version = reader.LongValue;
                    sawVersion = true;
                }
                else if (name == WireFields.Threshold)
                {
                    if (!(number >= ConfigLimits.ThresholdMin && number <= ConfigLimits.ThresholdMax))
                    {
                        return OutOfRange(name, ConfigLimits.ThresholdMin, ConfigLimits.ThresholdMax, "");
                    }

                    _candidate.ZThreshold = number;
                }
                else if (name == WireFields.Hysteresis)
                {
                    if (!(number >= ConfigLimits.HysteresisMin && number <= ConfigLimits.HysteresisMax))
                    {
                        return OutOfRange(name, ConfigLimits.HysteresisMin, ConfigLimits.HysteresisMax, "");
                    }

                    _candidate.Hysteresis = number;
                }
                else if (name == WireFields.WarmupSamples)
                {
                    if (!(number >= ConfigLimits.WarmupMin && number <= ConfigLimits.WarmupMax))
                    {
                        return OutOfRange(name, ConfigLimits.WarmupMin, ConfigLimits.WarmupMax, "");
                    }

                    _candidate.WarmupSamples = (int)number;
                }
                else if (name == WireFields.SamplePeriodMs)
                {
                    if (!(number >= ConfigLimits.SamplePeriodMsMin && number <= ConfigLimits.SamplePeriodMsMax))
                    {
                        return OutOfRange(name, ConfigLimits.SamplePeriodMsMin, ConfigLimits.SamplePeriodMsMax, " ms");
                    }

                    _candidate.SamplePeriodMs = (int)number;
                }
                else if (name == WireFields.SummaryPeriodS)
                {
                    if (!(number >= ConfigLimits.SummaryPeriodSMin && number <= ConfigLimits.SummaryPeriodSMax))
                    {
                        return OutOfRange(name, ConfigLimits.SummaryPeriodSMin, ConfigLimits.SummaryPeriodSMax, " s");
                    }

                    _candidate.SummaryPeriodSeconds = (int)number;
                }
            }

            if (reader.Failed)
            {
                return Fail("malformed JSON at byte " + reader.Position.ToString());
            }

            if (!sawVersion)
            {
                return Fail("cfg (config version) is missing");
            }

            if (_candidate.Hysteresis >= _candidate.ZThreshold)
            {
                return Fail("zh must be smaller than zk");
            }

            target.CopyFrom(_candidate);
            return true;
        }

        /// <summary>Reads the dis array into the candidate; false (with Error set) on a wrong type or unknown id.</summary>
        private bool ReadDisabledSensors(FlatJsonReader reader, string[] sensorIds, int sensorCount)
        {
            _candidate.DisabledCount = 0;
            if (reader.ValueKind == FlatJsonReader.KindNull)
            {
                return true;
            }

            if (reader.ValueKind != FlatJsonReader.KindArray)
            {
                return Fail("'dis' must be a list of sensor ids");
            }

            while (reader.NextItem())
            {
                if (reader.ValueKind != FlatJsonReader.KindString)
                {
                    return Fail("'dis' must hold sensor ids (strings)");
                }

                string id = reader.StringValue;
                if (!Contains(sensorIds, sensorCount, id))
                {
                    // The id is echoed only when it is a well-formed one, so the acknowledgement stays small.
                    return Fail(TopicScheme.IsValidId(id) ? "unknown sensor '" + id + "' in dis" : "dis holds an invalid sensor id");
                }

                if (!_candidate.DisableSensor(id))
                {
                    return Fail("dis lists more than " + ConfigLimits.MaxSensors.ToString() + " sensors");
                }
            }

            // A malformed array leaves reader.Failed set; the caller reports it after the property loop.
            return true;
        }

        private static bool Contains(string[] ids, int count, string id)
        {
            for (int i = 0; i < count; i++)
            {
                if (ids[i] == id)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsKnown(string name)
        {
            return name == WireFields.SchemaVersion || name == WireFields.ConfigVersion || name == WireFields.Threshold
                || name == WireFields.Hysteresis || name == WireFields.WarmupSamples
                || name == WireFields.SamplePeriodMs || name == WireFields.SummaryPeriodS;
        }

        private bool OutOfRange(string name, int min, int max, string unit)
        {
            return Fail(name + " must be between " + min.ToString() + " and " + max.ToString() + unit);
        }

        private bool Fail(string reason)
        {
            Error = reason;
            return false;
        }
    }
}
