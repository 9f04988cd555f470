using System.ComponentModel.DataAnnotations;

namespace SmartMaintenance.Cloud.Agents.Acquisition;

/// <summary>Cloud:Agents:Acquisition — how data acquisition follows the reading store.</summary>
public sealed class AcquisitionOptions
{
    public const string Section = "Cloud:Agents:Acquisition";

    /// <summary>Wait between polls when no new reading was found (a write in this process wakes it earlier).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    [Range(1, 10_000)] public int BatchSize { get; set; } = 1000;
}
