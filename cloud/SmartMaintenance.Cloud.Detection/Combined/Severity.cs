namespace SmartMaintenance.Cloud.Detection.Combined;

/// <summary>How urgent a combined score is; <see cref="None"/> means no anomaly event.</summary>
public enum Severity
{
    None = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
