namespace SmartMaintenance.Cloud.Detection.Scoring;

/// <summary>Shared numerics: the normal tail and the squashing of unbounded statistics into [0, 1].</summary>
public static class ScoreMath
{
    /// <summary>0.6745 = Φ⁻¹(0.75): MAD × 1.4826 estimates σ for normal data (Iglewicz and Hoaglin, 1993).</summary>
    public const double MadToSigma = 1.482602218505602;

    /// <summary>
    /// Complementary error function, fractional error below 1.2e-7 everywhere (Chebyshev fit from Numerical
    /// Recipes, 2nd ed., §6.2); .NET has no Math.Erfc.
    /// </summary>
    public static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double ans = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
            t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2.0 - ans;
    }

    /// <summary>Upper normal tail Q(z) = P(Z &gt; z).</summary>
    public static double NormalTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2.0));

    /// <summary>
    /// Maps |z| to [0, 1) with 0.5 at |z| = <paramref name="halfAt"/>. Rational rather than a normal CDF so
    /// large deviations stay ordered (a CDF saturates at 1.0 near |z| = 8.3 and ties every bigger outlier).
    /// </summary>
    public static double Squash(double z, double halfAt)
    {
        double q = z / halfAt;
        q *= q;
        return double.IsFinite(q) ? q / (1.0 + q) : 1.0;
    }
}
