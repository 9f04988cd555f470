namespace SmartMaintenance.Cloud.Ml.Evaluation;

/// <summary>One bin of the reliability table: rows whose predicted probability falls in [Low, High).</summary>
public sealed record ReliabilityBin(double Low, double High, int Rows, double MeanPredicted, double ObservedRate);

/// <summary>
/// How far predicted probabilities are from observed frequencies: Brier score (mean squared error of the
/// probability), expected calibration error (ECE: |mean predicted − observed rate| weighted by the share of rows in
/// each of 10 equal-width bins) and the reliability table itself.
/// </summary>
public sealed record CalibrationReport(double Brier, double Ece, IReadOnlyList<ReliabilityBin> Bins)
{
    public const int BinCount = 10;

    public static CalibrationReport Compute(IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities)
    {
        if (labels.Count == 0) return new CalibrationReport(double.NaN, double.NaN, []);
        double brier = 0;
        var n = new int[BinCount];
        var sumP = new double[BinCount];
        var positives = new int[BinCount];
        for (var i = 0; i < labels.Count; i++)
        {
            var p = probabilities[i];
            var y = labels[i] ? 1.0 : 0.0;
            brier += (p - y) * (p - y);
            var b = Math.Clamp((int)(p * BinCount), 0, BinCount - 1);
            n[b]++;
            sumP[b] += p;
            if (labels[i]) positives[b]++;
        }

        var bins = new List<ReliabilityBin>(BinCount);
        double ece = 0;
        for (var b = 0; b < BinCount; b++)
        {
            var mean = n[b] == 0 ? double.NaN : sumP[b] / n[b];
            var rate = n[b] == 0 ? double.NaN : positives[b] / (double)n[b];
            if (n[b] > 0) ece += Math.Abs(mean - rate) * n[b] / labels.Count;
            bins.Add(new ReliabilityBin(b / (double)BinCount, (b + 1) / (double)BinCount, n[b], mean, rate));
        }

        return new CalibrationReport(brier / labels.Count, ece, bins);
    }
}
