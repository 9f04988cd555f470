namespace SmartMaintenance.Cloud.Detection.Drift;

/// <summary>PSI and the bin edges it was computed on.</summary>
public sealed record PsiResult(double Value, IReadOnlyList<double> Edges, IReadOnlyList<double> ReferenceShares, IReadOnlyList<double> RecentShares);

/// <summary>
/// Population stability index PSI = Σ (q_i - p_i) ln(q_i / p_i) over bins, p the reference share and q the
/// recent share. Bins are the reference's quantiles by default, so each holds about the same share of the
/// reference. An empty bin gets <see cref="EmptyBinShare"/> instead of 0 (ln 0 is undefined). Usual reading:
/// below 0.1 stable, 0.1–0.25 moderate shift, above 0.25 significant shift.
/// </summary>
public static class PopulationStabilityIndex
{
    public const double EmptyBinShare = 1e-4;

    /// <summary>PSI with <paramref name="bins"/> bins at the reference's quantiles.</summary>
    public static PsiResult Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> recent, int bins = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        if (reference.Length < bins)
        {
            throw new ArgumentException("The reference needs at least one value per bin.", nameof(reference));
        }

        double[] sorted = reference.ToArray();
        Array.Sort(sorted);
        var edges = new List<double>(bins - 1);
        for (int k = 1; k < bins; k++)
        {
            double edge = sorted[(int)((long)k * sorted.Length / bins)];
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        return Compute(reference, recent, edges);
    }

    /// <summary>PSI over the given inner edges (bin k holds edges[k-1] &lt;= x &lt; edges[k]; the outer bins are open).</summary>
    public static PsiResult Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> recent, IReadOnlyList<double> edges)
    {
        if (reference.Length == 0 || recent.Length == 0)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }

        double[] p = Shares(reference, edges);
        double[] q = Shares(recent, edges);
        double psi = 0;
        for (int i = 0; i < p.Length; i++)
        {
            psi += (q[i] - p[i]) * Math.Log(q[i] / p[i]);
        }

        return new PsiResult(psi, edges, p, q);
    }

    private static double[] Shares(ReadOnlySpan<double> values, IReadOnlyList<double> edges)
    {
        var counts = new double[edges.Count + 1];
        foreach (double v in values)
        {
            int bin = 0;
            while (bin < edges.Count && v >= edges[bin])
            {
                bin++;
            }

            counts[bin]++;
        }

        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = counts[i] == 0 ? EmptyBinShare : counts[i] / values.Length;
        }

        return counts;
    }
}
