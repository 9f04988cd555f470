namespace SmartMaintenance.Cloud.Detection.Scoring;

/// <summary>One scored sample: <see cref="Score"/> in [0, 1] (higher = more anomalous) and its evidence.</summary>
public readonly record struct DetectionResult(DateTimeOffset Timestamp, double Value, double Score, DetectorEvidence Evidence)
{
    /// <summary>A sample the detector could not judge yet (warm-up) or refused (NaN): score 0, never an alert.</summary>
    public static DetectionResult NotJudged(DateTimeOffset timestamp, double value, string detector) =>
        new(timestamp, value, 0d, new DetectorEvidence(detector, 0d, 0d, 0d, WarmingUp: true));
}
