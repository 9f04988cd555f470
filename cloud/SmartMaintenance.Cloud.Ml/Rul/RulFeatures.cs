namespace SmartMaintenance.Cloud.Ml.Rul;

/// <summary>
/// Window features of one engine at one cycle, from its history up to that cycle only (nothing later). For each
/// of the 14 FD001 sensors that move with degradation (the other 7 are constant in FD001): the mean of the last
/// 5 cycles (the current level with the noise averaged out), the mean and least-squares slope over the last
/// Window cycles, and the change of the current level from the engine's own first 10 cycles (engines start with
/// different wear and manufacturing variation, readme.txt). Plus the cycle count.
/// </summary>
public static class RulFeatures
{
    /// <summary>0-based indexes of sensors 2, 3, 4, 7, 8, 9, 11, 12, 13, 14, 15, 17, 20, 21.</summary>
    public static readonly IReadOnlyList<int> Sensors = [1, 2, 3, 6, 7, 8, 10, 11, 12, 13, 14, 16, 19, 20];

    public const int Window = 30;
    private const int Recent = 5;
    private const int Start = 10;

    public static readonly IReadOnlyList<string> Names =
    [
        .. Sensors.SelectMany(s => new[] { $"s{s + 1}_last5", $"s{s + 1}_mean{Window}", $"s{s + 1}_slope{Window}", $"s{s + 1}_drift" }),
        "cycle",
    ];

    public const int Count = 57;

    /// <summary>Features after cycle `cycles` (1-based count of cycles seen) of the history.</summary>
    public static float[] Build(IReadOnlyList<float[]> history, int cycles)
    {
        if (cycles < 1 || cycles > history.Count) throw new ArgumentOutOfRangeException(nameof(cycles));
        var v = new float[Count];
        var from = Math.Max(0, cycles - Window);
        var n = cycles - from;
        for (var k = 0; k < Sensors.Count; k++)
        {
            var s = Sensors[k];
            var last = Mean(history, Math.Max(0, cycles - Recent), cycles, s);
            var mean = Mean(history, from, cycles, s);
            // Least-squares slope over the window (per cycle); 0 with a single point.
            double sxy = 0, sxx = 0, xm = (n - 1) / 2.0;
            for (var i = 0; i < n; i++)
            {
                var dx = i - xm;
                sxy += dx * (history[from + i][s] - mean);
                sxx += dx * dx;
            }

            v[k * 4] = (float)last;
            v[k * 4 + 1] = (float)mean;
            v[k * 4 + 2] = (float)(sxx == 0 ? 0 : sxy / sxx);
            v[k * 4 + 3] = (float)(last - Mean(history, 0, Math.Min(Start, cycles), s));
        }

        v[^1] = cycles;
        return v;
    }

    private static double Mean(IReadOnlyList<float[]> h, int from, int to, int s)
    {
        double sum = 0;
        for (var i = from; i < to; i++) sum += h[i][s];
        return sum / (to - from);
    }
}
