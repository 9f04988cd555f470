using SmartMaintenance.Cloud.Detection.Ml;
using SmartMaintenance.Cloud.Detection.Scoring;
using SmartMaintenance.Cloud.Detection.Sequence;
using SmartMaintenance.Cloud.Detection.Statistical;

namespace SmartMaintenance.Cloud.Detection.Combined;

/// <summary>
/// The product's per-sensor detector. Its <b>score</b> (what NAB ranks and thresholds) is the sequence score:
/// the conformal ranks of one or more context k-NN members (<see cref="ContextKnnDetector"/>, one per context
/// length) merged by <see cref="CombinedOptions.SequenceVote"/>, optionally through the anomaly likelihood, then
/// an alert hold-off. Until the members have warmed up, the score is the strongest component's.
/// Its <b>severity</b> comes from the strongest component on the shared outlier scale (0.5 at each component's
/// own cut-off): robust z on the level and on the step, the EWMA chart, the isolation forest (its ordinary 0.5
/// stretched to 0) and each member's <see cref="ContextKnnDetector.Surprise"/>. A rank is not a severity: 1 %
/// of pure noise ranks above 0.99, but almost none of it is beyond every calibration context.
/// Through <see cref="IStreamingDetector.Score"/> it allocates nothing of its own per sample (the isolation
/// forest does when it re-grows); <see cref="Evaluate"/> adds the result and a copy of the component results
/// (the caller keeps them).
/// </summary>
public sealed class CombinedDetector : IStreamingDetector
{
    private readonly CombinedOptions _options;
    private readonly IStreamingDetector[] _evidence;
    private readonly ContextKnnDetector[] _members;
    private readonly string[] _memberNames;
    private readonly DetectionResult[] _results;
    private readonly CoarseSequence[] _coarse;
    private readonly string[] _coarseNames;
    private readonly AnomalyLikelihood? _likelihood;
    private long _index;
    private long? _alertIndex;
    private double _score, _strength;
    private string _drivenBy = "none";

    public CombinedDetector(CombinedOptions? options = null)
    {
        _options = (options ?? new CombinedOptions()).EnsureValid();
        var evidence = new List<IStreamingDetector>
        {
            new RobustZScoreDetector(_options.Level),
            new RobustZScoreDetector(_options.Step),
            new EwmaDetector(_options.Ewma),
        };
        if (_options.UseForest)
        {
            evidence.Add(new IsolationForestDetector(_options.Forest));
        }

        _evidence = [.. evidence];
        var lengths = _options.SequenceContextLengths;
        _members = [.. lengths.Select(d => new ContextKnnDetector(_options.Member(d)))];
        _memberNames = [.. lengths.Select(d => lengths.Count == 1 ? "context-knn" : $"context-knn-{d}")];
        _coarse = [.. _options.CoarseBlocks.Select(b => new CoarseSequence(_options.CoarseMember(), b))];
        _coarseNames = [.. _options.CoarseBlocks.Select(b => $"context-knn-block-{b}")];
        _results = new DetectionResult[_evidence.Length + _members.Length + _coarse.Length];
        _likelihood = _options.UseLikelihood
            ? new AnomalyLikelihood(_options.LikelihoodLongWindow, _options.LikelihoodShortWindow, Math.Min(300, _options.LikelihoodLongWindow))
            : null;
    }

    public string Name => "combined";

    DetectionResult IStreamingDetector.Score(DateTimeOffset timestamp, double value)
    {
        bool warmingUp = Step(timestamp, value);
        return new DetectionResult(timestamp, value, _score, new DetectorEvidence(Name, _strength, 0, 0, warmingUp));
    }

    /// <summary>Scores one sample with every component and returns the combined judgement with its evidence.</summary>
    public CombinedResult Evaluate(DateTimeOffset timestamp, double value)
    {
        Step(timestamp, value);
        return new CombinedResult(timestamp, value, _score, SeverityOf(_strength), _strength, _drivenBy, [.. _results]);
    }

    public Severity SeverityOf(double strength) => strength switch
    {
        _ when strength >= _options.CriticalAt => Severity.Critical,
        _ when strength >= _options.HighAt => Severity.High,
        _ when strength >= _options.MediumAt => Severity.Medium,
        _ when strength >= _options.LowAt => Severity.Low,
        _ => Severity.None,
    };

    /// <summary>Runs every component on the sample and sets the score, strength and driver; true while all are warming up.</summary>
    private bool Step(DateTimeOffset timestamp, double value)
    {
        _strength = 0;
        _drivenBy = "none";
        bool warmingUp = true;
        for (int i = 0; i < _evidence.Length; i++)
        {
            var result = _evidence[i].Score(timestamp, value);
            _results[i] = result;
            warmingUp &= result.Evidence.WarmingUp;
            Consider(Normalise(result), result.Evidence.Detector);
        }

        bool sequenceJudged = true;
        double vote = 0;
        for (int m = 0; m < _members.Length; m++)
        {
            var member = _members[m];
            var raw = member.Score(timestamp, value);
            sequenceJudged &= !raw.Evidence.WarmingUp;
            vote = _options.SequenceVote == SequenceVote.Max ? Math.Max(vote, raw.Score) : vote + raw.Score / _members.Length;

            // Evidence in the shared outlier scale: the statistic is the nonconformity, compared with the
            // largest calibration nonconformity, over the range seen so far.
            var evidence = new DetectorEvidence(_memberNames[m], raw.Evidence.Statistic, member.LargestCalibration, raw.Evidence.Spread, raw.Evidence.WarmingUp);
            _results[_evidence.Length + m] = new DetectionResult(timestamp, value, member.Surprise, evidence);
            warmingUp &= raw.Evidence.WarmingUp;
            Consider(member.Surprise, _memberNames[m]);
        }

        for (int c = 0; c < _coarse.Length; c++)
        {
            var coarse = _coarse[c];
            vote = Math.Max(vote, coarse.Next(timestamp, value));
            var last = coarse.Last.Evidence;
            _results[_evidence.Length + _members.Length + c] = new DetectionResult(timestamp, value, coarse.Surprise,
                new DetectorEvidence(_coarseNames[c], last.Statistic, coarse.LargestCalibration, last.Spread, last.WarmingUp));
            Consider(coarse.Surprise, _coarseNames[c]);
        }

        if (!double.IsFinite(value))
        {
            _score = 0;
            return warmingUp;
        }

        _index++;
        if (!sequenceJudged)
        {
            _likelihood?.Next(0);
            _score = _strength;
            return warmingUp;
        }

        _score = HoldOff(_likelihood is null ? vote : _likelihood.Next(vote));
        return warmingUp;
    }

    private void Consider(double strength, string detector)
    {
        if (strength > _strength)
        {
            _strength = strength;
            _drivenBy = detector;
        }
    }

    private static double Normalise(DetectionResult result) =>
        result.Evidence.Detector == "isolation-forest" ? Math.Clamp(2 * result.Score - 1, 0, 1) : result.Score;

    private double HoldOff(double score)
    {
        if (_alertIndex is { } alert && _index - alert <= _options.HoldOffSamples)
        {
            return score * _options.HoldOffFactor;
        }

        if (score >= _options.AlertAt)
        {
            _alertIndex = _index;
        }

        return score;
    }
}
