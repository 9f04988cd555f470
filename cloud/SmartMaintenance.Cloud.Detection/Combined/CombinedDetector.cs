using SmartMaintenance.Cloud.Detection.Ml;
using SmartMaintenance.Cloud.Detection.Scoring;
using SmartMaintenance.Cloud.Detection.Statistical;

namespace SmartMaintenance.Cloud.Detection.Combined;

/// <summary>
/// Runs the robust z-score on the level and on the step, the EWMA chart and (optionally) the isolation
/// forest on every sample, and combines them: the score is the strongest component's (each component is
/// already on a comparable [0, 1] scale with 0.5 at its own outlier cut-off; the forest's 0.5 is "ordinary",
/// so it is stretched to put its ordinary at 0). That score is then calibrated against the sensor's own
/// history of scores (<see cref="AnomalyLikelihood"/>), and an alert hold-off keeps one incident to one alert.
/// </summary>
public sealed class CombinedDetector : IStreamingDetector
{
    private readonly CombinedOptions _options;
    private readonly IStreamingDetector[] _components;
    private readonly AnomalyLikelihood? _likelihood;
    private long _index;
    private long _alertIndex = long.MinValue;
    private double _alertScore;

    public CombinedDetector(CombinedOptions? options = null)
    {
        _options = (options ?? new CombinedOptions()).EnsureValid();
        var components = new List<IStreamingDetector>
        {
            new RobustZScoreDetector(_options.Level),
            new RobustZScoreDetector(_options.Step),
            new EwmaDetector(_options.Ewma),
        };
        if (_options.UseForest)
        {
            components.Add(new IsolationForestDetector(_options.Forest));
        }

        _components = [.. components];
        _likelihood = _options.UseLikelihood
            ? new AnomalyLikelihood(_options.LikelihoodLongWindow, _options.LikelihoodShortWindow, Math.Min(300, _options.LikelihoodLongWindow))
            : null;
    }

    public string Name => "combined";

    DetectionResult IStreamingDetector.Score(DateTimeOffset timestamp, double value) => Evaluate(timestamp, value).AsDetectionResult(Name);

    /// <summary>Scores one sample with every component and returns the combined judgement.</summary>
    public CombinedResult Evaluate(DateTimeOffset timestamp, double value)
    {
        var results = new DetectionResult[_components.Length];
        double best = 0;
        string drivenBy = "none";
        for (int i = 0; i < _components.Length; i++)
        {
            results[i] = _components[i].Score(timestamp, value);
            double s = Normalise(results[i]);
            if (s > best)
            {
                best = s;
                drivenBy = results[i].Evidence.Detector;
            }
        }

        double score = HoldOff(_likelihood is null ? best : _likelihood.Next(best));
        _index++;
        // Severity comes from the strongest component (its own outlier scale), not from the likelihood: the
        // likelihood is a rank among this sensor's recent scores and is above 0.85 for ~15 % of pure noise.
        return new CombinedResult(timestamp, value, score, SeverityOf(best), drivenBy, results);
    }

    public Severity SeverityOf(double score) => score switch
    {
        _ when score >= _options.CriticalAt => Severity.Critical,
        _ when score >= _options.HighAt => Severity.High,
        _ when score >= _options.MediumAt => Severity.Medium,
        _ when score >= _options.LowAt => Severity.Low,
        _ => Severity.None,
    };

    private static double Normalise(DetectionResult result) =>
        result.Evidence.Detector == "isolation-forest" ? Math.Clamp(2 * result.Score - 1, 0, 1) : result.Score;

    private double HoldOff(double score)
    {
        if (_options.HoldOffSamples == 0)
        {
            return score;
        }

        bool holding = _index - _alertIndex <= _options.HoldOffSamples;
        if (holding && score <= _alertScore)
        {
            return score * _options.HoldOffFactor;
        }

        if (score >= _options.HighAt)
        {
            _alertIndex = _index;
            _alertScore = score;
        }

        return score;
    }
}
