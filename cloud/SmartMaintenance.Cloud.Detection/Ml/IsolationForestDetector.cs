using SmartMaintenance.Cloud.Detection.Scoring;
using SmartMaintenance.Cloud.Detection.Statistical;

namespace SmartMaintenance.Cloud.Detection.Ml;

/// <summary>
/// Streaming isolation forest over windows. Each sample becomes a small feature vector, all in units of the
/// rolling robust spread: the level (x - median), the step from the previous sample, and the mean and
/// standard deviation of the last <see cref="IsolationForestOptions.FeatureWindow"/> samples. The forest is
/// grown on the first vectors, then re-grown every <see cref="IsolationForestOptions.RetrainEvery"/> samples
/// on the recent history; a vector is scored before it joins that history.
/// </summary>
public sealed class IsolationForestDetector : IStreamingDetector
{
    private const int Dimensions = 4;
    private readonly IsolationForestOptions _options;
    private readonly RollingRobustStats _scale;
    private readonly double[] _recent;
    private readonly double[] _history;
    private readonly double[] _point = new double[Dimensions];
    private readonly Random _random;
    private int _recentCount;
    private int _recentNext;
    private int _historyCount;
    private int _historyNext;
    private int _sinceTraining;
    private double _previous = double.NaN;
    private IsolationForest? _forest;

    public IsolationForestDetector(IsolationForestOptions? options = null)
    {
        _options = (options ?? new IsolationForestOptions()).EnsureValid();
        _scale = new RollingRobustStats(_options.ScaleWindow);
        _recent = new double[_options.FeatureWindow];
        _history = new double[_options.HistoryCapacity * Dimensions];
        _random = new Random(_options.Seed);
    }

    public string Name => "isolation-forest";

    public DetectionResult Score(DateTimeOffset timestamp, double value)
    {
        if (!double.IsFinite(value))
        {
            return DetectionResult.NotJudged(timestamp, value, Name);
        }

        double previous = _previous;
        _previous = value;
        _recent[_recentNext] = value;
        _recentNext = (_recentNext + 1) % _recent.Length;
        _recentCount = Math.Min(_recentCount + 1, _recent.Length);
        bool ready = _scale.Count >= Math.Min(32, _options.ScaleWindow) && _recentCount == _recent.Length && !double.IsNaN(previous);
        double median = _scale.Median();
        double spread = ready ? Spread(median) : 0;
        _scale.Add(value);
        if (!ready)
        {
            return DetectionResult.NotJudged(timestamp, value, Name);
        }

        FillFeatures(value, previous, median, spread);
        double score = 0;
        double pathLength = 0;
        if (_forest is not null)
        {
            pathLength = _forest.MeanPathLength(_point);
            score = Math.Pow(2, -pathLength / IsolationForest.AveragePathLength(Math.Min(_options.SampleSize, _historyCount)));
        }

        Remember();
        if (_forest is null ? _historyCount >= _options.TrainingSamples : ++_sinceTraining >= _options.RetrainEvery)
        {
            _forest = IsolationForest.Fit(_history.AsSpan(0, _historyCount * Dimensions), Dimensions, _options.Trees, _options.SampleSize, _random);
            _sinceTraining = 0;
        }

        return _forest is null || pathLength == 0
            ? DetectionResult.NotJudged(timestamp, value, Name)
            : new DetectionResult(timestamp, value, score, new DetectorEvidence(Name, pathLength, median, spread, WarmingUp: false));
    }

    private double Spread(double median)
    {
        double spread = ScoreMath.MadToSigma * _scale.Mad(median);
        double range = _scale.Quantile(0.95) - _scale.Quantile(0.05);
        return Math.Max(spread, Math.Max(0.01 * range, 1e-9));
    }

    private void FillFeatures(double value, double previous, double median, double spread)
    {
        double sum = 0, sumSquares = 0;
        foreach (double v in _recent)
        {
            sum += v;
            sumSquares += v * v;
        }

        double mean = sum / _recent.Length;
        double variance = Math.Max(0, sumSquares / _recent.Length - mean * mean);
        _point[0] = (value - median) / spread;
        _point[1] = (value - previous) / spread;
        _point[2] = (mean - median) / spread;
        _point[3] = Math.Sqrt(variance) / spread;
    }

    private void Remember()
    {
        _point.AsSpan().CopyTo(_history.AsSpan(_historyNext * Dimensions, Dimensions));
        _historyNext = (_historyNext + 1) % _options.HistoryCapacity;
        _historyCount = Math.Min(_historyCount + 1, _options.HistoryCapacity);
    }
}
