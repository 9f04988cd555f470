namespace SmartMaintenance.Cloud.Detection.Scoring;

/// <summary>
/// A streaming detector: one instance per sensor, fed samples in time order. Each sample is judged against
/// what the detector learnt from the samples before it, then joins that history (so a sample never explains
/// itself away). Not thread-safe: a sensor's samples arrive in order on one caller.
/// </summary>
public interface IStreamingDetector
{
    string Name { get; }

    DetectionResult Score(DateTimeOffset timestamp, double value);
}
