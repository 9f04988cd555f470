using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>
/// The normal state of a machine learned from baseline rows: per-channel standardization
/// (<see cref="ChannelScale"/>), then a regularized Mahalanobis distance on the standardized state. The distance
/// is the PCA view with every component kept (Hotelling's T² over all of them, so nothing is left to a separate
/// SPE), each component's variance floored at <see cref="MachineDetectorOptions.EigenvalueFloor"/>: directions the
/// baseline barely moved in still count (that is where a broken correlation shows) but cannot blow up.
/// </summary>
internal sealed class StateModel
{
    private readonly ChannelScale[] _scales;
    private readonly double[] _mean;
    private readonly double[,] _precision;

    private StateModel(ChannelScale[] scales, double[] mean, double[,] precision)
    {
        _scales = scales;
        _mean = mean;
        _precision = precision;
    }

    public int Channels => _scales.Length;

    public ChannelScale Scale(int channel) => _scales[channel];

    /// <summary>Fits on rows[i][channel]; every value is finite.</summary>
    public static StateModel Fit(IReadOnlyList<double[]> rows, MachineDetectorOptions options)
    {
        var n = rows.Count;
        var m = rows[0].Length;
        var scales = new ChannelScale[m];
        var column = new double[n];
        for (var j = 0; j < m; j++)
        {
            for (var i = 0; i < n; i++)
            {
                column[i] = rows[i][j];
            }

            scales[j] = ChannelScale.Fit(column, options);
        }

        var z = new double[n, m];
        var mean = new double[m];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                z[i, j] = scales[j].Standardize(rows[i][j]);
                mean[j] += z[i, j] / n;
            }
        }

        var covariance = Matrix<double>.Build.Dense(m, m);
        for (var a = 0; a < m; a++)
        {
            for (var b = a; b < m; b++)
            {
                var sum = 0.0;
                for (var i = 0; i < n; i++)
                {
                    sum += (z[i, a] - mean[a]) * (z[i, b] - mean[b]);
                }

                var c = sum / Math.Max(1, n - 1);
                covariance[a, b] = c;
                covariance[b, a] = c;
            }
        }

        // Each channel's variance counts as at least ChannelVarianceFloor (1 = its own spread): a channel that was
        // constant in the baseline (or stepped rarely) then moves like an independent channel of that spread
        // instead of along a direction of zero variance, where one resolution step would weigh 1/EigenvalueFloor.
        for (var j = 0; j < m; j++)
        {
            covariance[j, j] = Math.Max(covariance[j, j], options.ChannelVarianceFloor);
        }

        var evd = covariance.Evd(Symmetricity.Symmetric);
        var vectors = evd.EigenVectors;
        var precision = new double[m, m];
        for (var k = 0; k < m; k++)
        {
            var inverse = 1 / Math.Max(evd.EigenValues[k].Real, options.EigenvalueFloor);
            for (var a = 0; a < m; a++)
            {
                var va = vectors[a, k] * inverse;
                for (var b = 0; b < m; b++)
                {
                    precision[a, b] += va * vectors[b, k];
                }
            }
        }

        return new StateModel(scales, mean, precision);
    }

    /// <summary>Writes the centred standardized state of a raw row into <paramref name="state"/>.</summary>
    public void Center(ReadOnlySpan<double> row, Span<double> state)
    {
        for (var j = 0; j < _scales.Length; j++)
        {
            state[j] = _scales[j].Standardize(row[j]) - _mean[j];
        }
    }

    /// <summary>The squared distance stateᵀ·A·state, and A·state into <paramref name="pulled"/>.</summary>
    public double Distance(ReadOnlySpan<double> state, Span<double> pulled)
    {
        var m = _scales.Length;
        var total = 0.0;
        for (var a = 0; a < m; a++)
        {
            var sum = 0.0;
            for (var b = 0; b < m; b++)
            {
                sum += _precision[a, b] * state[b];
            }

            pulled[a] = sum;
            total += state[a] * sum;
        }

        return Math.Max(0, total);
    }

    /// <summary>
    /// Reconstruction-based contribution of each channel (Alcala and Qin, Automatica 45, 2009): how much the
    /// distance drops if that channel alone is moved back to where the model wants it, (A·state)_j² / A_jj.
    /// Unlike the squared z of each channel it points at the channel that broke the correlation, and it is never
    /// negative (unlike a plain decomposition of the quadratic form).
    /// </summary>
    public void Contributions(ReadOnlySpan<double> pulled, Span<double> contributions)
    {
        for (var j = 0; j < _scales.Length; j++)
        {
            contributions[j] = pulled[j] * pulled[j] / _precision[j, j];
        }
    }
}
