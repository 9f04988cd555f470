using SmartMaintenance.Cloud.Detection.Scoring;

namespace SmartMaintenance.Cloud.Detection.Statistical;

/// <summary>
/// EWMA control chart with an exponentially weighted variance (West's incremental form): each sample is judged
/// by z = (x - m) / s against the mean and deviation learnt before it, then updates both. O(1), no buffers.
/// The warm-up uses plain running moments so the chart starts from the first samples' mean, not from zero.
/// </summary>
public sealed class EwmaDetector : IStreamingDetector
{
    private readonly EwmaOptions _options;
    private long _count;
    private double _mean;
    private double _variance;

    public EwmaDetector(EwmaOptions? options = null)
    {
        _options = (options ?? new EwmaOptions()).EnsureValid();
    }

    public string Name => "ewma";

    public DetectionResult Score(DateTimeOffset timestamp, double value)
    {
        if (!double.IsFinite(value))
        {
            return DetectionResult.NotJudged(timestamp, value, Name);
        }

        if (_count < _options.WarmupSamples)
        {
            // Welford while warming up: exact mean and variance of the first samples.
            _count++;
            double delta = value - _mean;
            _mean += delta / _count;
            _variance += (delta * (value - _mean) - _variance) / _count;
            return DetectionResult.NotJudged(timestamp, value, Name);
        }

        double std = Math.Max(Math.Sqrt(_variance), Math.Max(_options.AbsoluteStdFloor, _options.RelativeStdFloor * Math.Abs(_mean)));
        double z = (value - _mean) / std;
        var result = new DetectionResult(timestamp, value, ScoreMath.Squash(z, _options.HalfScoreZ),
            new DetectorEvidence(Name, z, _mean, std, WarmingUp: false));

        // Huber-style clipping: a deviation counts at most ClipZ σ in the update, so an outlier or the start of a
        // drift does not inflate the variance and hide itself (the plain EW variance absorbs a ramp within ~1/α samples).
        double a = _options.Alpha;
        double diff = Math.Clamp(value - _mean, -_options.ClipZ * std, _options.ClipZ * std);
        double increment = a * diff;
        _mean += increment;
        _variance = (1 - a) * (_variance + diff * increment);
        _count++;
        return result;
    }
}
