#nullable disable
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Firmware.Core.Config
{
    /// <summary>
    /// Reads a config message (a flat JSON object of numbers) into a <see cref="DeviceSettings"/>. Validates
    /// every value before touching the target, so a rejected message leaves the running settings unchanged.
    /// </summary>
    public sealed class ConfigParser
    {
        private readonly DeviceSettings _candidate = new DeviceSettings();

        /// <summary>The reason of the last rejection, or null after a success.</summary>
        public string Error;

        public bool TryApply(byte[] json, int length, DeviceSettings target)
        {
            Error = null;
            _candidate.CopyFrom(target);
            bool sawVersion = false;
            FlatJsonReader reader = new FlatJsonReader(json, length);
            if (!reader.BeginObject())
            {
                return Fail("config is not a JSON object");
            }

            while (reader.NextProperty())
            {
                string name = reader.PropertyName;
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
                    if (!(number >= 1f && number <= 20f))
                    {
                        return Fail("zk must be between 1 and 20");
                    }

                    _candidate.ZThreshold = number;
                }
                else if (name == WireFields.Hysteresis)
                {
                    if (!(number >= 0f && number <= 5f))
                    {
                        return Fail("zh must be between 0 and 5");
                    }

                    _candidate.Hysteresis = number;
                }
                else if (name == WireFields.WarmupSamples)
                {
                    if (!(number >= 2f && number <= 100000f))
                    {
                        return Fail("wu must be between 2 and 100000");
                    }

                    _candidate.WarmupSamples = (int)number;
                }
                else if (name == WireFields.SamplePeriodMs)
                {
                    if (!(number >= 10f && number <= 3600000f))
                    {
                        return Fail("sp must be between 10 and 3600000 ms");
                    }

                    _candidate.SamplePeriodMs = (int)number;
                }
                else if (name == WireFields.SummaryPeriodS)
                {
                    if (!(number >= 1f && number <= 86400f))
                    {
                        return Fail("sum must be between 1 and 86400 s");
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

        private static bool IsKnown(string name)
        {
            return name == WireFields.SchemaVersion || name == WireFields.ConfigVersion || name == WireFields.Threshold
                || name == WireFields.Hysteresis || name == WireFields.WarmupSamples
                || name == WireFields.SamplePeriodMs || name == WireFields.SummaryPeriodS;
        }

        private bool Fail(string reason)
        {
            Error = reason;
            return false;
        }
    }
}
