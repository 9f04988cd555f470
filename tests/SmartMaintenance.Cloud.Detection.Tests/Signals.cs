using SmartMaintenance.Cloud.Detection.Scoring;

namespace SmartMaintenance.Cloud.Detection.Tests;

/// <summary>Known test signals: seeded Gaussian noise around a level, one sample a minute from a fixed epoch.</summary>
internal static class Signals
{
    public static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(int i) => Epoch.AddMinutes(i);

    public static double[] Noise(int count, double level = 10, double sigma = 1, int seed = 1)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            // Box–Muller
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            values[i] = level + sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        return values;
    }

    public static DetectionResult[] Run(IStreamingDetector detector, double[] values) =>
        values.Select((v, i) => detector.Score(At(i), v)).ToArray();
}
