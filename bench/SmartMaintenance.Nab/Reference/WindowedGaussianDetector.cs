using System.Globalization;
using SmartMaintenance.Cloud.Detection.Scoring;

namespace SmartMaintenance.Nab.Reference;

/// <summary>
/// NAB's published "windowedGaussian" baseline, rebuilt so the scorer and the threshold optimiser can be
/// checked end to end against the published figures: mean and population σ over the first 6400 values, then
/// a window sliding by 100; score = 1 - Q(z) with z = |x - mean| / σ and Q(z) = erfc(z / 1.4142) / 2 (the
/// constant 1.4142 is NAB's, not √2). Each value is scored against the window before it joins it.
/// NAB scored the scores as written to its result CSVs by Python 2, with 12 significant digits, so a score of
/// 0.9999999999999962 became 1.0 and counted at threshold 1.0: <see cref="Score"/> rounds the same way.
/// </summary>
public sealed class WindowedGaussianDetector
{
    private const int WindowSize = 6400;
    private const int StepSize = 100;
    private readonly List<double> _window = new(WindowSize);
    private readonly List<double> _step = new(StepSize);
    private double _mean;
    private double _std = 1;

    public double Score(double value)
    {
        double score = 0;
        if (_window.Count > 0)
        {
            double x = value < _mean ? 2 * _mean - value : value;
            double z = (x - _mean) / _std;
            score = 1.0 - 0.5 * ScoreMath.Erfc(z / 1.4142);
        }

        score = double.Parse(score.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (_window.Count < WindowSize)
        {
            _window.Add(value);
            Update();
        }
        else
        {
            _step.Add(value);
            if (_step.Count == StepSize)
            {
                _window.RemoveRange(0, StepSize);
                _window.AddRange(_step);
                _step.Clear();
                Update();
            }
        }

        return score;
    }

    private void Update()
    {
        double sum = 0;
        foreach (double v in _window)
        {
            sum += v;
        }

        _mean = sum / _window.Count;
        double squares = 0;
        foreach (double v in _window)
        {
            squares += (v - _mean) * (v - _mean);
        }

        _std = Math.Sqrt(squares / _window.Count);
        if (_std == 0)
        {
            _std = 0.000001;
        }
    }
}
