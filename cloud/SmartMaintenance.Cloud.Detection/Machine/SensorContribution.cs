namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>
/// How much one sensor drove a machine verdict: its value, what the baseline expected, its standardized deviation
/// and its share of the machine statistic (shares of one verdict sum to 1 when the statistic is above zero).
/// </summary>
public sealed record SensorContribution(string SensorId, double Value, double Expected, double Deviation, double Share);
