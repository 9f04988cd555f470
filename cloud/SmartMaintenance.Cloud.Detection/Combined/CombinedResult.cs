using SmartMaintenance.Cloud.Detection.Scoring;

namespace SmartMaintenance.Cloud.Detection.Combined;

/// <summary>
/// The combined judgement of one sample: the score in [0, 1], its severity, the component that drove it, and
/// every component's own result as evidence (array owned by the caller's result; one per sample).
/// </summary>
public sealed record CombinedResult(DateTimeOffset Timestamp, double Value, double Score, Severity Severity, string DrivenBy, IReadOnlyList<DetectionResult> Components)
{
    public DetectionResult AsDetectionResult(string name) =>
        new(Timestamp, Value, Score, new DetectorEvidence(name, Score, 0, 0, WarmingUp: Components.All(c => c.Evidence.WarmingUp)));
}
