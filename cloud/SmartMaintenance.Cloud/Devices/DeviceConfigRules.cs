using System.Text.Json;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Cloud.Devices;

/// <summary>
/// Bounds of a desired configuration, so the cloud never stores settings the device would reject for their range or
/// size: the limits are the device parser's own (<see cref="ConfigLimits"/>, <see cref="WireLimits.MaxConfigBytes"/>).
/// Whether a disabled sensor exists is for the device to say (it rejects an unknown id with a reason, shown as the
/// ack error): the registry's sensor list is what was declared at provisioning, not necessarily what the firmware has.
/// </summary>
internal static class DeviceConfigRules
{
    public static Dictionary<string, string[]> Validate(DeviceConfig c)
    {
        var errors = new Dictionary<string, string[]>();
        if (c.SchemaVersion != WireSchema.Version)
        {
            errors[WireFields.SchemaVersion] = [$"schema version must be {WireSchema.Version}."];
        }

        if (c.ZThreshold is { } z && !InRange(z, ConfigLimits.ThresholdMin, ConfigLimits.ThresholdMax))
        {
            errors[WireFields.Threshold] = [$"z threshold must be {ConfigLimits.ThresholdMin}-{ConfigLimits.ThresholdMax}."];
        }

        if (c.Hysteresis is { } h && !InRange(h, ConfigLimits.HysteresisMin, ConfigLimits.HysteresisMax))
        {
            errors[WireFields.Hysteresis] = [$"hysteresis must be {ConfigLimits.HysteresisMin}-{ConfigLimits.HysteresisMax}."];
        }
        else if (c.Hysteresis is { } h2 && c.ZThreshold is { } z2 && h2 >= z2)
        {
            errors[WireFields.Hysteresis] = ["hysteresis must be smaller than the z threshold."];
        }

        if (c.WarmupSamples is { } w && !InRange(w, ConfigLimits.WarmupMin, ConfigLimits.WarmupMax))
        {
            errors[WireFields.WarmupSamples] = [$"warm-up samples must be {ConfigLimits.WarmupMin}-{ConfigLimits.WarmupMax}."];
        }

        if (c.SamplePeriodMs is { } p && !InRange(p, ConfigLimits.SamplePeriodMsMin, ConfigLimits.SamplePeriodMsMax))
        {
            errors[WireFields.SamplePeriodMs] = ["sample period must be 10 ms - 1 h."];
        }

        if (c.SummaryPeriodSeconds is { } s && !InRange(s, ConfigLimits.SummaryPeriodSMin, ConfigLimits.SummaryPeriodSMax))
        {
            errors[WireFields.SummaryPeriodS] = ["summary period must be 1 s - 1 day."];
        }

        ValidateDisabledSensors(c.DisabledSensors, errors);
        if (errors.Count == 0 && JsonSerializer.SerializeToUtf8Bytes(c with { Version = long.MaxValue }, ContractsJsonContext.Default.DeviceConfig).Length
            > WireLimits.MaxConfigBytes)
        {
            // Measured with the largest version number the store could give it.
            errors[c.DisabledSensors is { Count: > 0 } ? WireFields.DisabledSensors : "config"] =
                [$"the configuration must fit the device's {WireLimits.MaxConfigBytes}-byte config buffer."];
        }

        return errors;
    }

    private static void ValidateDisabledSensors(IReadOnlyList<string>? ids, Dictionary<string, string[]> errors)
    {
        if (ids is null)
        {
            return;
        }

        if (ids.Count > ConfigLimits.MaxSensors)
        {
            errors[WireFields.DisabledSensors] = [$"at most {ConfigLimits.MaxSensors} sensors can be disabled."];
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            if (!TopicScheme.IsValidId(ids[i]))
            {
                errors[$"{WireFields.DisabledSensors}[{i}]"] = ["a sensor id must be 1-64 characters of letters, digits, '-', '_' or '.'."];
            }
            else if (!seen.Add(ids[i]))
            {
                errors[$"{WireFields.DisabledSensors}[{i}]"] = [$"sensor '{ids[i]}' is listed twice."];
            }
        }
    }

    private static bool InRange(double value, int min, int max) => double.IsFinite(value) && value >= min && value <= max;
}
