using SmartMaintenance.Cloud.Detection.Scoring;

namespace SmartMaintenance.Cloud.Detection.Combined;

/// <summary>
/// Turns raw scores into how unusual they are for this sensor (the "anomaly likelihood" of Ahmad et al.,
/// Neurocomputing 2017, §3.3): the mean of the last <c>shortWindow</c> raw scores is compared with the mean and
/// deviation of the raw scores over the long window before it. A sensor whose raw scores are
/// always high (noisy, heavy-tailed) stops alerting on its usual noise; a sensor that is usually quiet alerts
/// on a smaller excursion. L = 1 - Q(z) of the recent average's z (it ties at exactly 1 above z ≈ 8.3; a
/// squashed z instead scored worse on NAB, see docs/detection.md). O(1) per sample (running sums over two rings).
/// </summary>
public sealed class AnomalyLikelihood
{
    private readonly double[] _long;
    private readonly double[] _short;
    private readonly int _minHistory;
    private int _longCount, _longNext, _shortCount, _shortNext;
    private double _longSum, _longSquares, _shortSum;

    public AnomalyLikelihood(int longWindow, int shortWindow, int minHistory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(longWindow, 10);
        ArgumentOutOfRangeException.ThrowIfLessThan(shortWindow, 1);
        _long = new double[longWindow];
        _short = new double[shortWindow];
        _minHistory = Math.Clamp(minHistory, 2, longWindow);
    }

    /// <summary>Likelihood of the latest raw score given the history before it, in [0, 1]; 0 while learning.</summary>
    public double Next(double raw)
    {
        // Short-term average including this sample.
        if (_shortCount == _short.Length)
        {
            _shortSum -= _short[_shortNext];
        }
        else
        {
            _shortCount++;
        }

        _short[_shortNext] = raw;
        _shortSum += raw;
        _shortNext = (_shortNext + 1) % _short.Length;

        double likelihood = 0;
        if (_longCount >= _minHistory)
        {
            double mean = _longSum / _longCount;
            double variance = Math.Max(0, _longSquares / _longCount - mean * mean);
            double std = Math.Max(Math.Sqrt(variance), 1e-4);
            double z = (_shortSum / _shortCount - mean) / std;
            likelihood = 1.0 - ScoreMath.NormalTail(z);
        }

        if (_longCount == _long.Length)
        {
            double leaving = _long[_longNext];
            _longSum -= leaving;
            _longSquares -= leaving * leaving;
        }
        else
        {
            _longCount++;
        }

        _long[_longNext] = raw;
        _longSum += raw;
        _longSquares += raw * raw;
        _longNext = (_longNext + 1) % _long.Length;
        return likelihood;
    }
}
