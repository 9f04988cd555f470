using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Detection.Machine;

namespace SmartMaintenance.Cloud.Agents.AnomalyDetection;

/// <summary>
/// What the anomaly agent keeps per machine: the row being assembled, the alert path (detector + incident rule, the
/// same class the evaluation command runs), and each sensor's latest reading (the detector knows sensor ids only;
/// evidence needs type and unit). Used by one bus partition only.
/// </summary>
internal sealed class MachineState(string machineId, string deviceId, MachineAlertPath path, ObservationAssembler rows)
{
    public string MachineId { get; } = machineId;

    /// <summary>The device whose readings make the machine (its bus partition is the device's, Ordering.PerDevice).</summary>
    public string DeviceId { get; } = deviceId;

    public MachineAlertPath Path { get; } = path;

    public ObservationAssembler Rows { get; } = rows;

    /// <summary>The latest reading of each sensor (type and unit for evidence; the reading for the AnomalyDetected event).</summary>
    public Dictionary<string, SensorReading> Latest { get; } = new(StringComparer.Ordinal);
}
