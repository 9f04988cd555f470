namespace SmartMaintenance.Cloud.Ml.Rul;

/// <summary>
/// Whether the RUL model applies to a machine: only when its sensors are C-MAPSS turbofan sensors, one reading per
/// flight cycle, i.e. its sensor ids include the 14 FD001 sensors the model reads, named "cmapss.s2" ... "cmapss.s21".
/// Any other machine (the demo fleet's pumps, motors and compressors) gets Applies = false and the missing sensors,
/// never an estimate from readings the model was not trained on.
/// </summary>
public sealed record RulApplicability(bool Applies, IReadOnlyList<string> MissingSensors)
{
    public const string SensorPrefix = "cmapss.s";

    public static IReadOnlyList<string> RequiredSensors { get; } = [.. RulFeatures.Sensors.Select(s => SensorPrefix + (s + 1))];

    public static RulApplicability For(IEnumerable<string> sensorIds)
    {
        var have = sensorIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = RequiredSensors.Where(s => !have.Contains(s)).ToList();
        return new RulApplicability(missing.Count == 0, missing);
    }
}
