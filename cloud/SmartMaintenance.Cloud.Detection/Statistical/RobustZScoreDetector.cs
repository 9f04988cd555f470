using SmartMaintenance.Cloud.Detection.Scoring;

namespace SmartMaintenance.Cloud.Detection.Statistical;

/// <summary>
/// Modified z-score z = (x - median) / (1.4826 · MAD) over a rolling window (Iglewicz and Hoaglin, 1993):
/// unlike mean/σ, one outlier in the window barely moves the median or the MAD, so a burst does not mask
/// itself. Optionally on first differences.
/// </summary>
public sealed class RobustZScoreDetector : IStreamingDetector
{
    private readonly RobustZScoreOptions _options;
    private readonly RollingRobustStats _window;
    private double _previous = double.NaN;

    public RobustZScoreDetector(RobustZScoreOptions? options = null)
    {
        _options = (options ?? new RobustZScoreOptions()).EnsureValid();
        _window = new RollingRobustStats(_options.WindowSize);
        Name = _options.OnDifferences ? "robust-z-diff" : "robust-z";
    }

    public string Name { get; }

    public DetectionResult Score(DateTimeOffset timestamp, double value)
    {
        if (!double.IsFinite(value))
        {
            return DetectionResult.NotJudged(timestamp, value, Name);
        }

        double x = value;
        if (_options.OnDifferences)
        {
            double previous = _previous;
            _previous = value;
            if (double.IsNaN(previous))
            {
                return DetectionResult.NotJudged(timestamp, value, Name);
            }

            x = value - previous;
        }

        if (_window.Count < _options.MinSamples)
        {
            _window.Add(x);
            return DetectionResult.NotJudged(timestamp, value, Name);
        }

        double median = _window.Median();
        double spread = ScoreMath.MadToSigma * _window.Mad(median);
        double range = _window.Quantile(0.95) - _window.Quantile(0.05);
        spread = Math.Max(spread, Math.Max(_options.RelativeSpreadFloor * range, _options.AbsoluteSpreadFloor));
        double z = (x - median) / spread;
        _window.Add(x);
        double score = ScoreMath.Squash(z, _options.HalfScoreZ);
        return new DetectionResult(timestamp, value, score, new DetectorEvidence(Name, z, median, spread, WarmingUp: false));
    }
}
