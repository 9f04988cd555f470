namespace SmartMaintenance.Cloud.Detection.Drift;

/// <summary>Result of a two-sample Kolmogorov–Smirnov test.</summary>
public readonly record struct KsResult(double Statistic, double PValue, int ReferenceCount, int RecentCount);

/// <summary>
/// Two-sample Kolmogorov–Smirnov test: D = sup |F_ref(x) - F_recent(x)|, p-value from the asymptotic
/// Kolmogorov distribution Q(λ) = 2 Σ (-1)^(k-1) e^(-2k²λ²) at λ = D √(n m / (n + m)) (Smirnov 1948). The
/// asymptotic form is accurate for the window sizes we use (tens of samples and more); it is conservative
/// for tiny samples.
/// </summary>
public static class KolmogorovSmirnov
{
    public static KsResult TwoSample(ReadOnlySpan<double> reference, ReadOnlySpan<double> recent)
    {
        if (reference.Length == 0 || recent.Length == 0)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }

        double[] a = reference.ToArray();
        double[] b = recent.ToArray();
        Array.Sort(a);
        Array.Sort(b);
        int i = 0, j = 0;
        double d = 0;
        while (i < a.Length && j < b.Length)
        {
            // Step past every copy of the smaller value in both samples before comparing the CDFs (ties).
            double x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] == x) i++;
            while (j < b.Length && b[j] == x) j++;
            d = Math.Max(d, Math.Abs((double)i / a.Length - (double)j / b.Length));
        }

        double n = a.Length, m = b.Length;
        double lambda = d * Math.Sqrt(n * m / (n + m));
        return new KsResult(d, KolmogorovTail(lambda), a.Length, b.Length);
    }

    /// <summary>Q_KS(λ) = P(K &gt; λ) for the Kolmogorov distribution.</summary>
    public static double KolmogorovTail(double lambda)
    {
        if (lambda < 0.2)
        {
            // The alternating series converges slowly here and the value is 1 to 1e-10 anyway.
            return 1.0;
        }

        double sum = 0;
        double sign = 1;
        for (int k = 1; k <= 100; k++)
        {
            double term = Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += sign * term;
            if (term < 1e-16)
            {
                break;
            }

            sign = -sign;
        }

        return Math.Clamp(2 * sum, 0, 1);
    }
}
