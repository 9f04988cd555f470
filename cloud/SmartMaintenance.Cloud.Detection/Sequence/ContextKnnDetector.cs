using SmartMaintenance.Cloud.Detection.Combined;
using SmartMaintenance.Cloud.Detection.Scoring;

namespace SmartMaintenance.Cloud.Detection.Sequence;

/// <summary>
/// Sequence detector in the spirit of k-NN conformal anomaly detection (Vovk et al.'s conformal prediction;
/// Burnaev and Ishimtsev's KNN-CAD): the last <c>ContextLength</c> samples, scaled by the range seen so far,
/// form a context; its nonconformity is the mean distance to its k nearest neighbours among the recent
/// past contexts, and the raw score is the rank of that nonconformity among the recent nonconformities
/// (a conformal p-value turned into 1 − p). A value outside the range seen so far scores 1 by itself.
/// The raw score goes through the anomaly likelihood (short-term mean versus the long-term distribution of
/// raw scores) and an alert hold-off. Bounded memory: rings of fixed size; O(ReferenceSize · ContextLength)
/// per sample.
/// </summary>
public sealed class ContextKnnDetector : IStreamingDetector
{
    private readonly ContextKnnOptions _options;
    private readonly double[] _recent;
    private readonly double[] _reference;
    private readonly double[] _calibration;
    private readonly double[] _nearest;
    private readonly double[] _context;
    private readonly AnomalyLikelihood? _likelihood;
    private long _count;
    private int _referenceCount, _referenceNext, _calibrationCount, _calibrationNext;
    private double _min = double.PositiveInfinity, _max = double.NegativeInfinity;
    private long? _alertIndex;

    /// <summary>
    /// How far the last judged context was beyond this detector's own cut-off, on the scale the combined
    /// detector's severity bands use (0.5 at the cut-off, like the z-score detectors' 3.5): a context farther
    /// from its neighbours than every calibration context scores 0.5 + 0.5 · (1 − largest / nonconformity),
    /// any other context half its rank (below 0.5); 0 while warming up. The new-extreme rule (rank 1) is left
    /// out on purpose: how far a value lies outside the usual is the z-score detectors' judgement, and early in
    /// a noisy series new extremes are common.
    /// </summary>
    public double Surprise { get; private set; }

    /// <summary>The largest nonconformity in the calibration set the last sample was ranked against.</summary>
    public double LargestCalibration { get; private set; }

    public ContextKnnDetector(ContextKnnOptions? options = null)
    {
        _options = (options ?? new ContextKnnOptions()).EnsureValid();
        int d = _options.ContextLength;
        _recent = new double[d];
        _context = new double[d];
        _reference = new double[_options.ReferenceSize * d];
        _calibration = new double[_options.CalibrationSize];
        _nearest = new double[_options.Neighbours];
        _likelihood = _options.LikelihoodLongWindow > 0
            ? new AnomalyLikelihood(_options.LikelihoodLongWindow, _options.LikelihoodShortWindow, Math.Min(300, _options.LikelihoodLongWindow))
            : null;
    }

    public string Name => "context-knn";

    public DetectionResult Score(DateTimeOffset timestamp, double value)
    {
        Surprise = 0;
        if (!double.IsFinite(value))
        {
            return DetectionResult.NotJudged(timestamp, value, Name);
        }

        int d = _options.ContextLength;
        _recent[(int)(_count % d)] = value;
        _count++;
        double range = _max - _min;
        bool newExtreme = _count > _options.WarmupSamples && range > 0 &&
            (value > _max + _options.NewExtremeMargin * range || value < _min - _options.NewExtremeMargin * range);
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        if (_count < d)
        {
            return DetectionResult.NotJudged(timestamp, value, Name);
        }

        // Context scaled by the range known now (so a shift of the whole series does not look normal).
        double scale = _max > _min ? 1.0 / (_max - _min) : 1.0;
        for (int j = 0; j < d; j++)
        {
            _context[j] = (_recent[(int)((_count - d + j) % d)] - _min) * scale;
        }

        double nonconformity = _referenceCount >= _options.Neighbours ? Nonconformity(scale) : 0;
        double raw = 0;
        if (_count > _options.WarmupSamples && _calibrationCount > 0)
        {
            int below = 0;
            double largest = 0;
            for (int i = 0; i < _calibrationCount; i++)
            {
                if (_calibration[i] < nonconformity) below++;
                largest = Math.Max(largest, _calibration[i]);
            }

            // Rank among the calibration set; above all of them, how far above breaks the tie (so the
            // threshold sweep can still order the strongest contexts).
            double beyond = nonconformity > largest && nonconformity > 0 ? 1.0 - largest / nonconformity : 0;
            double rank = (below + beyond) / (_calibrationCount + 1);
            raw = newExtreme ? 1.0 : rank;
            LargestCalibration = largest;
            Surprise = nonconformity > largest ? 0.5 + 0.5 * beyond : 0.5 * rank;
        }

        if (_referenceCount >= _options.Neighbours)
        {
            _calibration[_calibrationNext] = nonconformity;
            _calibrationNext = (_calibrationNext + 1) % _calibration.Length;
            _calibrationCount = Math.Min(_calibrationCount + 1, _calibration.Length);
        }

        AddReference();
        if (_count <= _options.WarmupSamples)
        {
            _likelihood?.Next(0);
            return DetectionResult.NotJudged(timestamp, value, Name);
        }

        double score = _likelihood is null ? raw : _likelihood.Next(raw);
        score = HoldOff(score);
        return new DetectionResult(timestamp, value, score, new DetectorEvidence(Name, nonconformity, raw, range, WarmingUp: false));
    }

    private double Nonconformity(double scale)
    {
        // Stored contexts are raw values; scale them with the current range on the fly.
        int d = _options.ContextLength, k = _options.Neighbours;
        Array.Fill(_nearest, double.PositiveInfinity);
        for (int r = 0; r < _referenceCount; r++)
        {
            int offset = r * d;
            double sum = 0;
            for (int j = 0; j < d; j++)
            {
                double diff = (_reference[offset + j] - _min) * scale - _context[j];
                sum += diff * diff;
            }

            if (sum < _nearest[k - 1])
            {
                int at = k - 1;
                while (at > 0 && _nearest[at - 1] > sum)
                {
                    _nearest[at] = _nearest[at - 1];
                    at--;
                }

                _nearest[at] = sum;
            }
        }

        double total = 0;
        for (int i = 0; i < k; i++) total += Math.Sqrt(_nearest[i]);
        return total / k;
    }

    private void AddReference()
    {
        int d = _options.ContextLength;
        int offset = _referenceNext * d;
        for (int j = 0; j < d; j++)
        {
            _reference[offset + j] = _recent[(int)((_count - d + j) % d)];
        }

        _referenceNext = (_referenceNext + 1) % _options.ReferenceSize;
        _referenceCount = Math.Min(_referenceCount + 1, _options.ReferenceSize);
    }

    private double HoldOff(double score)
    {
        if (_alertIndex is { } alert && _count - alert <= _options.HoldOffSamples)
        {
            return score * _options.HoldOffFactor;
        }

        if (score >= _options.AlertAt)
        {
            _alertIndex = _count;
        }

        return score;
    }
}
