namespace SmartMaintenance.VirtualDevice;

/// <summary>
/// A small machine model giving plausible signals: air temperature as a slow random walk around 300 K, process
/// temperature about 10 K above it, speed around 1500 rpm, torque around 40 Nm, vibration RMS around 2 mm/s.
/// The AI4I-faithful physics with fault injection replace this in the firmware issue.
/// </summary>
internal sealed class SimulatedMachine(Random random)
{
    private double _air = 300.0;

    public static readonly (string Id, string Type, string Unit)[] Sensors =
    [
        ("air-temp", "temperature", "K"),
        ("process-temp", "temperature", "K"),
        ("speed", "rotational_speed", "rpm"),
        ("torque", "torque", "Nm"),
        ("vibration", "vibration", "mm/s"),
    ];

    public float Sample(int sensorIndex)
    {
        _air += (random.NextDouble() - 0.5) * 0.2;
        return sensorIndex switch
        {
            0 => (float)_air,
            1 => (float)(_air + 10 + Gaussian() * 0.5),
            2 => (float)(1500 + Gaussian() * 50),
            3 => (float)(40 + Gaussian() * 5),
            _ => (float)Math.Abs(2 + Gaussian() * 0.3),
        };
    }

    private double Gaussian()
    {
        // Box-Muller transform.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
