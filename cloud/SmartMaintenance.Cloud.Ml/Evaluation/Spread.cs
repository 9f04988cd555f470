namespace SmartMaintenance.Cloud.Ml.Evaluation;

/// <summary>Mean, standard deviation, min and max of one metric across folds.</summary>
public sealed record Spread(double Mean, double StdDev, double Min, double Max)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        if (v.Length == 0) return new Spread(double.NaN, double.NaN, double.NaN, double.NaN);
        var mean = v.Average();
        var sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
        return new Spread(mean, sd, v.Min(), v.Max());
    }

    public override string ToString() => $"{Mean:F3} ± {StdDev:F3} ({Min:F3}–{Max:F3})";
}
