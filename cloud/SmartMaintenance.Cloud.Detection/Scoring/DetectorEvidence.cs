namespace SmartMaintenance.Cloud.Detection.Scoring;

/// <summary>
/// Why a detector scored a sample as it did: the statistic it computed (a z-score, a path-length ratio), the
/// centre and spread it compared against, and whether it was still learning. A value type so the hot path
/// allocates nothing per sample.
/// </summary>
public readonly record struct DetectorEvidence(string Detector, double Statistic, double Center, double Spread, bool WarmingUp);
