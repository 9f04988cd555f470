namespace SmartMaintenance.Cloud.Detection.Forecasting;

/// <summary>When a forecast crosses a threshold, and the state it was computed from.</summary>
public readonly record struct ThresholdCrossing(DateTimeOffset At, TimeSpan After, double Level, double TrendPerSecond);

/// <summary>
/// Holt's linear trend method (Holt 1957) on irregularly sampled data: the trend is kept per second, and each
/// update advances the level by trend × elapsed time before blending in the observation, so gaps in the data
/// do not distort the slope. Time comes only from the timestamps passed in.
/// </summary>
public sealed class HoltForecaster
{
    private readonly HoltOptions _options;
    private DateTimeOffset _last;
    private double _level;
    private double _trend;
    private int _count;

    public HoltForecaster(HoltOptions? options = null)
    {
        _options = options ?? new HoltOptions();
        var errors = _options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }

    public int Count => _count;

    public double Level => _level;

    /// <summary>Estimated change per second.</summary>
    public double TrendPerSecond => _trend;

    public DateTimeOffset LastTimestamp => _last;

    /// <summary>Adds an observation; out-of-order or non-finite ones are ignored (returns false).</summary>
    public bool Update(DateTimeOffset timestamp, double value)
    {
        if (!double.IsFinite(value) || (_count > 0 && timestamp <= _last))
        {
            return false;
        }

        if (_count == 0)
        {
            _level = value;
        }
        else
        {
            double dt = (timestamp - _last).TotalSeconds;
            if (_count == 1)
            {
                // The first slope is the first difference (the usual initialisation).
                _trend = (value - _level) / dt;
                _level = value;
            }
            else
            {
                double predicted = _level + _trend * dt;
                double level = _options.Alpha * value + (1 - _options.Alpha) * predicted;
                _trend = _options.Beta * ((level - _level) / dt) + (1 - _options.Beta) * _trend;
                _level = level;
            }
        }

        _last = timestamp;
        _count++;
        return true;
    }

    /// <summary>Forecast at a time after the last observation.</summary>
    public double Forecast(DateTimeOffset at) => _level + _trend * (at - _last).TotalSeconds;

    /// <summary>
    /// When the forecast reaches <paramref name="threshold"/>: now if the level is already past it (in the
    /// direction of travel), null when fewer than two observations or the trend points away (or is flat).
    /// </summary>
    public ThresholdCrossing? TimeToThreshold(double threshold)
    {
        if (_count < 2)
        {
            return null;
        }

        double gap = threshold - _level;
        if (gap == 0 || (gap > 0 && _trend <= 0) || (gap < 0 && _trend >= 0))
        {
            return gap == 0 ? new ThresholdCrossing(_last, TimeSpan.Zero, _level, _trend) : null;
        }

        double seconds = gap / _trend;
        if (seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return null;
        }

        var after = TimeSpan.FromSeconds(seconds);
        return new ThresholdCrossing(_last + after, after, _level, _trend);
    }
}
