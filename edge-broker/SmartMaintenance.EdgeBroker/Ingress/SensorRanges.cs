using SmartMaintenance.Contracts;

namespace SmartMaintenance.EdgeBroker.Ingress;

/// <summary>
/// The broker's view of the shared plausibility table (<see cref="ReadingPlausibility"/>, also applied by the cloud's
/// ingestion): here a sensor type or unit without a range is refused, since every device of this broker sends the
/// known ones.
/// </summary>
public static class SensorRanges
{
    /// <summary>The known sensor types.</summary>
    internal static IEnumerable<string> SensorTypes => ReadingPlausibility.SensorTypes;

    /// <summary>Every unit valid for some sensor type.</summary>
    internal static IEnumerable<string> Units => ReadingPlausibility.Units;

    /// <summary>
    /// Null when <paramref name="value"/> is plausible for the type and unit, else the reason. A null value (an empty
    /// summary) checks the type and unit only.
    /// </summary>
    public static string? Check(string sensorType, string unit, double? value, string field)
    {
        if (!ReadingPlausibility.IsKnownType(sensorType))
        {
            return $"unknown sensor type '{sensorType}'";
        }

        if (!ReadingPlausibility.HasRange(sensorType, unit))
        {
            return $"unit '{unit}' is not valid for sensor type '{sensorType}'";
        }

        return value is { } v ? ReadingPlausibility.CheckRange(sensorType, unit, v, field) : null;
    }
}
