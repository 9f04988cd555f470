namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>What one observation did on a machine's alert path: the detector's verdict and the incident step.</summary>
public readonly record struct MachineAlertStep(MachineVerdict Verdict, IncidentStep Incident);

/// <summary>
/// The alert path of one machine: its <see cref="MachineDetector"/> followed by its <see cref="IncidentTracker"/>.
/// The anomaly agent and the evaluation command (bench/SmartMaintenance.Detect) both run this class, so what is
/// measured is what raises alerts. One per machine, not thread-safe.
/// </summary>
public sealed class MachineAlertPath(MachineDetectorOptions? detector = null, IncidentRuleOptions? incidents = null)
{
    public MachineDetector Detector { get; } = new(detector);

    public IncidentTracker Incidents { get; } = new(incidents);

    public MachineAlertStep Observe(DateTimeOffset timestamp, IReadOnlyList<SensorValue> values)
    {
        var verdict = Detector.Observe(timestamp, values);
        var step = Incidents.Step(timestamp, verdict);

        // What the machine does inside an incident is not learned as its normal behaviour.
        Detector.Learning = !step.InIncident;
        return new MachineAlertStep(verdict, step);
    }

    /// <summary>A person resolved the incident as "maintenance done": close it and learn a new baseline.</summary>
    public void Rebaseline()
    {
        Incidents.Reset();
        Detector.Rebaseline();
    }
}
