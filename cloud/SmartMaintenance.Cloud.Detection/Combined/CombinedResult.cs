using SmartMaintenance.Cloud.Detection.Scoring;

namespace SmartMaintenance.Cloud.Detection.Combined;

/// <summary>
/// The combined judgement of one sample: the score in [0, 1] (the sequence score, see
/// <see cref="CombinedDetector"/>), its severity and the outlier-scale strength it came from, the component
/// that drove the severity, and every component's own result as evidence (the array is the caller's).
/// </summary>
public sealed record CombinedResult(DateTimeOffset Timestamp, double Value, double Score, Severity Severity, double Strength, string DrivenBy, IReadOnlyList<DetectionResult> Components)
{
    public DetectionResult AsDetectionResult(string name) =>
        new(Timestamp, Value, Score, new DetectorEvidence(name, Strength, 0, 0, WarmingUp: Components.All(c => c.Evidence.WarmingUp)));
}
