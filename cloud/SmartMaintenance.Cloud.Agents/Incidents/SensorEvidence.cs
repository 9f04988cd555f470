namespace SmartMaintenance.Cloud.Agents.Incidents;

/// <summary>
/// One sensor's part in an incident, taken from the machine verdict with the lowest p-value so far: its value (in
/// Unit), what the baseline expected, its standardized deviation and its share of the machine statistic.
/// </summary>
public sealed record SensorEvidence(string SensorId, string SensorType, string Unit, double Value, double Expected, double Deviation,
    double Share);
