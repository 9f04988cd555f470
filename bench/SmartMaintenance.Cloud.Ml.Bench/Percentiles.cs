namespace SmartMaintenance.Cloud.Ml.Bench;

internal static class Percentiles
{
    /// <summary>Nearest-rank percentile of the sorted values (q in 0..1).</summary>
    public static double Of(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
