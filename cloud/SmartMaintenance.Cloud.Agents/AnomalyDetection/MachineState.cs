using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Detection.Machine;

namespace SmartMaintenance.Cloud.Agents.AnomalyDetection;

/// <summary>
/// What the anomaly agent keeps per machine: the row being assembled, the detector, the incident rule, and each
/// sensor's type and unit (the detector knows sensor ids only; evidence needs both). Used by one bus partition only.
/// </summary>
internal sealed class MachineState(string machineId, MachineDetector detector, IncidentTracker tracker, ObservationAssembler rows)
{
    public string MachineId { get; } = machineId;

    public MachineDetector Detector { get; } = detector;

    public IncidentTracker Tracker { get; } = tracker;

    public ObservationAssembler Rows { get; } = rows;

    /// <summary>The latest reading of each sensor (type and unit for evidence; the reading for the AnomalyDetected event).</summary>
    public Dictionary<string, SensorReading> Latest { get; } = new(StringComparer.Ordinal);
}
