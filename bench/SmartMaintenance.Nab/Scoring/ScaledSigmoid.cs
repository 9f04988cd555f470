namespace SmartMaintenance.Nab.Scoring;

/// <summary>NAB's scaled sigmoid s(y) = 2 / (1 + e^(5y)) - 1, and -1 from y = 3 on (far-away false positives).</summary>
public static class ScaledSigmoid
{
    public static double Of(double y) => y >= 3.0 ? -1.0 : 2.0 / (1.0 + Math.Exp(5.0 * y)) - 1.0;

    /// <summary>s(-1): the value of a detection at a window's first row, used to scale true positives to 1.</summary>
    public static readonly double MaxTruePositive = Of(-1.0);
}
