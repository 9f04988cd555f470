namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>One sensor's value in an observation of a machine (column name = sensor id).</summary>
public readonly record struct SensorValue(string SensorId, double Value);
