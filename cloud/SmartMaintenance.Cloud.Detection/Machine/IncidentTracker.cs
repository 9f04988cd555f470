namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>
/// Turns a machine's verdicts into incidents: opens one when the alert condition holds long enough (persistence),
/// keeps it open while the machine stays abnormal, closes it after a quiet period (hysteresis). Pure and
/// deterministic: time comes from the observations. One per machine, not thread-safe.
/// CONTRACT ONLY: the implementation is being written (issue 12).
/// </summary>
public sealed class IncidentTracker
{
    private readonly IncidentRuleOptions _options;

    public IncidentTracker(IncidentRuleOptions? options = null)
    {
        _options = (options ?? new IncidentRuleOptions()).EnsureValid();
    }

    /// <summary>True while an incident is open.</summary>
    public bool IsOpen => throw new NotImplementedException("issue 12: incident tracker not yet implemented");

    /// <summary>Takes the verdict of one observation and says what changed.</summary>
    public IncidentStep Step(DateTimeOffset timestamp, MachineVerdict verdict) =>
        throw new NotImplementedException("issue 12: incident tracker not yet implemented");

    /// <summary>Closes any open incident without a step (a person resolved it); the next abnormal run opens a new one.</summary>
    public void Reset() => throw new NotImplementedException("issue 12: incident tracker not yet implemented");
}
