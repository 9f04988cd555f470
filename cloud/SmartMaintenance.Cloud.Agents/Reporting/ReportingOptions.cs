namespace SmartMaintenance.Cloud.Agents.Reporting;

/// <summary>Cloud:Agents:Reporting — the scheduled report (on-demand reports are always available).</summary>
public sealed class ReportingOptions
{
    public const string Section = "Cloud:Agents:Reporting";

    /// <summary>A report over the previous interval is generated every interval; 0 turns the schedule off.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(24);
}
