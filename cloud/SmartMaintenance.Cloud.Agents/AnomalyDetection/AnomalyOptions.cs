using SmartMaintenance.Cloud.Detection.Machine;

namespace SmartMaintenance.Cloud.Agents.AnomalyDetection;

/// <summary>
/// Cloud:Agents:Anomaly — how readings become machine observations and incidents. The detector's and the incident
/// rule's own settings (baseline, severity budgets, persistence, quiet period) are SmartMaintenance.Cloud.Detection's,
/// bound from the Detector and Incident subsections.
/// </summary>
public sealed class AnomalyOptions
{
    public const string Section = "Cloud:Agents:Anomaly";

    /// <summary>The machine detector (Cloud:Agents:Anomaly:Detector:*).</summary>
    public MachineDetectorOptions Detector { get; set; } = new();

    /// <summary>When incidents open and close (Cloud:Agents:Anomaly:Incident:*).</summary>
    public IncidentRuleOptions Incident { get; set; } = new();

    /// <summary>
    /// Readings of one device whose timestamps lie within this of the first reading of a row form one observation.
    /// A device samples all its sensors at one instant and stamps them alike; the tolerance absorbs devices that stamp
    /// each sensor as it is read (a few ms apart). Keep it well below the sampling period.
    /// </summary>
    public TimeSpan ObservationTolerance { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Sensor types that are counters, not signals: tool wear climbs by design and drops to 0 at every tool change,
    /// which a detector would flag as its strongest anomaly. They still feed the failure model (prediction agent).
    /// </summary>
    public HashSet<string> CounterSensorTypes { get; set; } = new(StringComparer.OrdinalIgnoreCase) { "tool_wear" };

    /// <summary>
    /// Correlation-id prefixes of demo runs (Golden Path, Simulation). Readings of such a run form a machine of their
    /// own (device id + run) judged by <see cref="RunDetector"/>: a demo never shifts the baseline of a real machine,
    /// and each run is judged from its own normal stretch.
    /// </summary>
    public List<string> RunMachinePrefixes { get; set; } = ["golden-path:", "sim-"];

    /// <summary>
    /// The detector of a demo run's machine (Cloud:Agents:Anomaly:RunDetector:*): runs are tens of readings long
    /// (Golden Path BaselineReadings, Simulation count), so its baseline is short.
    /// </summary>
    public MachineDetectorOptions RunDetector { get; set; } = new() { BaselineObservations = 30 };

    /// <summary>
    /// The incident rule of a demo run's machine (Cloud:Agents:Anomaly:RunIncident:*). A demo injects a short fault
    /// (the Golden Path a few anomalous readings) and must show its incident: the plant's rule waits for a Medium
    /// verdict to persist, which a run of tens of readings never gives; here a single Medium verdict opens.
    /// </summary>
    public IncidentRuleOptions RunIncident { get; set; } = new() { OpenAt = Detection.Combined.Severity.Low, OpenImmediatelyAt = Detection.Combined.Severity.Medium };

    /// <summary>Sensors kept as an incident's evidence (largest share first).</summary>
    public int EvidenceSensors { get; set; } = 5;

    /// <summary>Similar past cases attached to each incident's AnomalyDetected.</summary>
    public int SimilarCases { get; set; } = 3;

    /// <summary>
    /// When this process first handles a machine (a start, or its bus partition moved here from another instance), its
    /// detector and incident rule are rebuilt by replaying the machine's stored readings of this long before the
    /// reading being handled (docs/agents.md, "Several instances"). Zero: no rebuild, the machine learns from scratch.
    /// The default covers the detector's largest baseline at 1 Hz (BaselineObservations x BaselineGrowth = 3000 s).
    /// </summary>
    public TimeSpan RebuildWindow { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Most stored readings replayed per machine in a rebuild (bounds the work of a takeover).</summary>
    public int RebuildMaxReadings { get; set; } = 100_000;

    public IEnumerable<string> Validate()
    {
        if (SimilarCases < 0) yield return "Cloud:Agents:Anomaly:SimilarCases must not be negative.";
        if (EvidenceSensors < 1) yield return "Cloud:Agents:Anomaly:EvidenceSensors must be at least 1.";
        if (ObservationTolerance < TimeSpan.Zero) yield return "Cloud:Agents:Anomaly:ObservationTolerance must not be negative.";
        if (RebuildWindow < TimeSpan.Zero) yield return "Cloud:Agents:Anomaly:RebuildWindow must not be negative (zero turns the rebuild off).";
        if (RebuildMaxReadings < 0) yield return "Cloud:Agents:Anomaly:RebuildMaxReadings must not be negative.";
        foreach (var e in Check(() => Detector.EnsureValid()).Concat(Check(() => Incident.EnsureValid()))
                     .Concat(Check(() => RunDetector.EnsureValid())).Concat(Check(() => RunIncident.EnsureValid())))
        {
            yield return "Cloud:Agents:Anomaly: " + e;
        }
    }

    private static IEnumerable<string> Check(Action ensure)
    {
        try
        {
            ensure();
        }
        catch (ArgumentException e)
        {
            return [e.Message];
        }

        return [];
    }
}
