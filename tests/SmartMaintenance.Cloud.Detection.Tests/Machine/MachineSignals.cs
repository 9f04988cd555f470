using SmartMaintenance.Cloud.Detection.Machine;

namespace SmartMaintenance.Cloud.Detection.Tests.Machine;

/// <summary>Seeded multi-sensor test machines: correlated Gaussian channels in different units, a stepped channel.</summary>
internal static class MachineSignals
{
    /// <summary>
    /// A machine with a temperature (~60 °C, sd 0.5), a pressure in bar quantized to 5 levels (1.0 .. 1.4), a
    /// vibration (~0.002 g, sd 0.0002) that follows the temperature, and a flow in steps of 1 (~250 l/min).
    /// </summary>
    public static SensorValue[][] Machine(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new SensorValue[count][];
        var level = 2;
        for (var i = 0; i < count; i++)
        {
            var common = Gaussian(random);
            if (random.NextDouble() < 0.05)
            {
                level = Math.Clamp(level + (random.NextDouble() < 0.5 ? -1 : 1), 0, 4);
            }

            rows[i] =
            [
                new("temperature", 60 + (0.5 * common) + (0.1 * Gaussian(random))),
                new("pressure", 1.0 + (0.1 * level)),
                new("vibration", 0.002 + (0.0002 * common) + (0.00003 * Gaussian(random))),
                new("flow", Math.Round(250 + (2 * Gaussian(random)))),
            ];
        }

        return rows;
    }

    public static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static MachineVerdict[] Run(MachineDetector detector, IEnumerable<SensorValue[]> rows) =>
        [.. rows.Select((row, i) => detector.Observe(Signals.At(i), row))];

    public static SensorValue[] With(SensorValue[] row, string sensor, double value) =>
        [.. row.Select(v => v.SensorId == sensor ? v with { Value = value } : v)];
}
