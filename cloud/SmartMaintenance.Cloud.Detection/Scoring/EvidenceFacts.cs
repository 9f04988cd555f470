namespace SmartMaintenance.Cloud.Detection.Scoring;

/// <summary>
/// What <see cref="DetectorEvidence"/>'s three numbers mean for each component of the combined detector, as names
/// a reader (and a translator) can label: the robust z-scores compare with the window median and the MAD scaled to
/// a standard deviation (RobustZScoreDetector), the EWMA chart with its running mean and deviation (EwmaDetector),
/// the isolation forest reports the mean path length beside the rolling median and robust spread it scales its
/// features by (IsolationForestDetector), and a context k-NN member its nonconformity against the largest
/// calibration nonconformity and the range of values seen (CombinedDetector). The names are stable: the dashboard's
/// resources are keyed by them.
/// </summary>
public static class EvidenceFacts
{
    public static (string Statistic, string Center, string Spread) NamesOf(string detector) => detector switch
    {
        "robust-z" => ("z", "median", "madSigma"),
        "robust-z-diff" => ("z", "medianStep", "madSigma"),
        "ewma" => ("z", "ewma", "sigma"),
        "isolation-forest" => ("pathLength", "median", "madSigma"),
        _ when detector.StartsWith("context-knn", StringComparison.Ordinal) => ("nonconformity", "calibrationMax", "range"),
        _ => ("statistic", "center", "spread"),
    };
}
