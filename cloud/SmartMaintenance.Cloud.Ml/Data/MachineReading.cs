namespace SmartMaintenance.Cloud.Ml.Data;

/// <summary>The raw inputs of a prediction, in the units of AI4I 2020. Type is the product quality L, M or H.</summary>
public sealed record MachineReading(
    char Type,
    double AirTemperatureK,
    double ProcessTemperatureK,
    double RotationalSpeedRpm,
    double TorqueNm,
    double ToolWearMin)
{
    /// <summary>L is the default product type: 60% of AI4I rows are L (SPEC §3, documented in the API).</summary>
    public const char DefaultType = 'L';
}
