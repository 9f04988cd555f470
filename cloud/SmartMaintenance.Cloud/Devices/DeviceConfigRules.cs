using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Cloud.Devices;

/// <summary>Bounds of a desired configuration, so the cloud never sends a device settings it would reject.</summary>
internal static class DeviceConfigRules
{
    public static Dictionary<string, string[]> Validate(DeviceConfig c)
    {
        var errors = new Dictionary<string, string[]>();
        if (c.SchemaVersion != WireSchema.Version)
        {
            errors[WireFields.SchemaVersion] = [$"schema version must be {WireSchema.Version}."];
        }

        if (c.ZThreshold is { } z && (!double.IsFinite(z) || z <= 0 || z > 100))
        {
            errors[WireFields.Threshold] = ["z threshold must be greater than 0 and at most 100."];
        }

        if (c.Hysteresis is { } h && (!double.IsFinite(h) || h < 0 || h > 100))
        {
            errors[WireFields.Hysteresis] = ["hysteresis must be 0-100."];
        }

        if (c.WarmupSamples is { } w && (w < 1 || w > 1_000_000))
        {
            errors[WireFields.WarmupSamples] = ["warm-up samples must be 1-1000000."];
        }

        if (c.SamplePeriodMs is { } p && (p < 10 || p > 3_600_000))
        {
            errors[WireFields.SamplePeriodMs] = ["sample period must be 10 ms - 1 h."];
        }

        if (c.SummaryPeriodSeconds is { } s && (s < 1 || s > 86_400))
        {
            errors[WireFields.SummaryPeriodS] = ["summary period must be 1 s - 1 day."];
        }

        return errors;
    }
}
