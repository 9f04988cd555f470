namespace SmartMaintenance.VirtualDevice.Machine;

/// <summary>The simulated board's sensors: index, id, type and unit, in the order the machine reports them.</summary>
internal static class MachineSensors
{
    public const int AirTemperature = 0;
    public const int ProcessTemperature = 1;
    public const int Speed = 2;
    public const int Torque = 3;
    public const int MotorCurrent = 4;
    public const int Vibration = 5;
    public const int ToolWear = 6;
    public const int Count = 7;

    public static readonly string[] Ids = ["air-temp", "process-temp", "speed", "torque", "motor-current", "vibration", "tool-wear"];
    public static readonly string[] Types = ["temperature", "temperature", "rotational_speed", "torque", "current", "vibration", "tool_wear"];
    public static readonly string[] Units = ["K", "K", "rpm", "Nm", "A", "mm/s", "min"];

    /// <summary>About each sensor's resolution: the pre-filter's standard-deviation floor.</summary>
    public static readonly float[] Resolution = [0.05f, 0.05f, 1f, 0.1f, 0.05f, 0.01f, 0.5f];

    public static int IndexOf(string idOrType)
    {
        for (var i = 0; i < Count; i++)
        {
            if (string.Equals(Ids[i], idOrType, StringComparison.OrdinalIgnoreCase)
                || string.Equals(Types[i], idOrType, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
