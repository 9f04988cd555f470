namespace SmartMaintenance.Cloud.Agents.Prediction;

/// <summary>
/// The last N readings of one sensor and an ordinary least-squares line through them: the evidence that a trend
/// is real before its forecast turns into a maintenance order. Holt's smoothed trend on noisy 1 Hz data swings
/// enough to "reach" any threshold within minutes; a slope is trusted only when it is several standard errors
/// away from zero (a t statistic, as in any linear-regression slope test).
/// </summary>
internal sealed class TrendWindow(int capacity)
{
    private readonly long[] _ids = new long[capacity];
    private readonly double[] _seconds = new double[capacity];
    private readonly double[] _values = new double[capacity];
    private int _next;
    private int _count;

    /// <summary>True when this reading is among the window's: it reached the agent twice (as a validated reading and with its anomaly).</summary>
    public bool Contains(long readingId)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_ids[i] == readingId)
            {
                return true;
            }
        }

        return false;
    }

    public void Add(long readingId, DateTimeOffset at, double value)
    {
        _ids[_next] = readingId;
        _seconds[_next] = at.ToUnixTimeMilliseconds() / 1000.0;
        _values[_next] = value;
        _next = (_next + 1) % capacity;
        _count = Math.Min(_count + 1, capacity);
    }

    /// <summary>Slope per second, its t statistic (slope / standard error; infinite for an exact line) and the window's span; null below 3 points or with no time spread.</summary>
    public (double SlopePerSecond, double T, TimeSpan Span)? Fit()
    {
        if (_count < 3)
        {
            return null;
        }

        double meanT = 0, meanV = 0, minT = double.MaxValue, maxT = double.MinValue;
        for (var i = 0; i < _count; i++)
        {
            meanT += _seconds[i];
            meanV += _values[i];
            minT = Math.Min(minT, _seconds[i]);
            maxT = Math.Max(maxT, _seconds[i]);
        }

        meanT /= _count;
        meanV /= _count;
        double sxx = 0, sxy = 0;
        for (var i = 0; i < _count; i++)
        {
            var dt = _seconds[i] - meanT;
            sxx += dt * dt;
            sxy += dt * (_values[i] - meanV);
        }

        if (sxx <= 0)
        {
            return null;
        }

        var slope = sxy / sxx;
        var intercept = meanV - slope * meanT;
        double sse = 0;
        for (var i = 0; i < _count; i++)
        {
            var residual = _values[i] - (intercept + slope * _seconds[i]);
            sse += residual * residual;
        }

        var standardError = Math.Sqrt(sse / (_count - 2) / sxx);
        var t = standardError > 0 ? slope / standardError : slope == 0 ? 0 : Math.CopySign(double.PositiveInfinity, slope);
        return (slope, t, TimeSpan.FromSeconds(maxT - minT));
    }
}
