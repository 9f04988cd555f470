using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace SmartMaintenance.Detect.Evaluations;

/// <summary>
/// The textbook PCA monitor the Tennessee Eastman literature compares against (Russell, Chiang and Braatz 2000):
/// variables scaled to zero mean and unit variance on the normal training data, components kept up to 90 %
/// cumulative variance, Hotelling's T² on them with the F-distribution limit and the SPE (Q) on the residual with
/// the Jackson-Mudholkar limit, both at 99 %. A row is flagged when its statistic exceeds the limit (no persistence).
/// </summary>
internal sealed class PcaBaseline
{
    private readonly double[] _mean;
    private readonly double[] _sd;
    private readonly Matrix<double> _loadings;
    private readonly double[] _eigenvalues;

    public PcaBaseline(double[][] training, double confidence = 0.99, double cumulativeVariance = 0.9)
    {
        var n = training.Length;
        var m = training[0].Length;
        _mean = new double[m];
        _sd = new double[m];
        for (var j = 0; j < m; j++)
        {
            _mean[j] = training.Average(r => r[j]);
            var mean = _mean[j];
            _sd[j] = Math.Sqrt(training.Sum(r => (r[j] - mean) * (r[j] - mean)) / (n - 1));
        }

        var x = Matrix<double>.Build.Dense(n, m, (i, j) => (training[i][j] - _mean[j]) / _sd[j]);
        var evd = (x.TransposeThisAndMultiply(x) / (n - 1)).Evd();
        var order = Enumerable.Range(0, m).OrderByDescending(k => evd.EigenValues[k].Real).ToArray();
        var all = order.Select(k => evd.EigenValues[k].Real).ToArray();
        var total = all.Sum();
        var kept = 0;
        for (var cumulative = 0.0; kept < m && cumulative < cumulativeVariance * total; kept++)
        {
            cumulative += all[kept];
        }

        Components = kept;
        _eigenvalues = all[..kept];
        _loadings = Matrix<double>.Build.Dense(m, kept, (j, k) => evd.EigenVectors[j, order[k]]);
        T2Limit = kept * (n - 1.0) * (n + 1.0) / (n * (double)(n - kept)) * FisherSnedecor.InvCDF(kept, n - kept, confidence);
        var residual = all[kept..];
        double theta1 = residual.Sum(), theta2 = residual.Sum(l => l * l), theta3 = residual.Sum(l => l * l * l);
        var h0 = 1 - (2 * theta1 * theta3 / (3 * theta2 * theta2));
        var c = Normal.InvCDF(0, 1, confidence);
        QLimit = theta1 * Math.Pow((c * Math.Sqrt(2 * theta2 * h0 * h0) / theta1) + 1 + (theta2 * h0 * (h0 - 1) / (theta1 * theta1)), 1 / h0);
    }

    public int Components { get; }

    public double T2Limit { get; }

    public double QLimit { get; }

    public (double T2, double Q) Statistics(double[] row)
    {
        var m = row.Length;
        var z = Vector<double>.Build.Dense(m, j => (row[j] - _mean[j]) / _sd[j]);
        var scores = _loadings.TransposeThisAndMultiply(z);
        var t2 = 0.0;
        for (var k = 0; k < scores.Count; k++)
        {
            t2 += scores[k] * scores[k] / _eigenvalues[k];
        }

        var residual = z - (_loadings * scores);
        return (t2, residual.DotProduct(residual));
    }
}
