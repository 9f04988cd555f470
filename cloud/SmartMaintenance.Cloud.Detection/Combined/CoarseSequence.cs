using SmartMaintenance.Cloud.Detection.Scoring;
using SmartMaintenance.Cloud.Detection.Sequence;

namespace SmartMaintenance.Cloud.Detection.Combined;

/// <summary>
/// A context k-NN member on a slower time scale: it sees the mean of each block of <c>block</c> samples, so
/// its contexts span block × context-length samples (a day of 5-minute data with blocks of 12 and contexts of
/// 24) and its references and calibration reach that much further back. It judges once per block, on the
/// block's last sample, and reports nothing in between, so one slow anomaly is one score, not one per sample.
/// O(1) per sample plus one k-NN step per block.
/// </summary>
internal sealed class CoarseSequence
{
    private readonly ContextKnnDetector _detector;
    private readonly int _block;
    private double _sum;
    private int _filled;

    public CoarseSequence(ContextKnnOptions options, int block)
    {
        _detector = new ContextKnnDetector(options);
        _block = block;
        Last = DetectionResult.NotJudged(default, double.NaN, _detector.Name);
    }

    /// <summary>The last block's result (its evidence stays the member's until the next block ends).</summary>
    public DetectionResult Last { get; private set; }

    /// <summary>True when the last sample ended a block (and so was judged, once warmed up).</summary>
    public bool BlockEnded { get; private set; }

    /// <summary>The member's surprise on a block's last sample, 0 on the samples in between.</summary>
    public double Surprise => BlockEnded ? _detector.Surprise : 0;

    public double LargestCalibration => _detector.LargestCalibration;

    /// <summary>The member's rank on a block's last sample (0 while warming up and on the samples in between).</summary>
    public double Next(DateTimeOffset timestamp, double value)
    {
        BlockEnded = false;
        if (!double.IsFinite(value))
        {
            return 0;
        }

        _sum += value;
        if (++_filled < _block)
        {
            return 0;
        }

        BlockEnded = true;
        double mean = _sum / _block;
        _sum = 0;
        _filled = 0;
        Last = _detector.Score(timestamp, mean);
        return Last.Score;
    }
}
