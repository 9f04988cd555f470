namespace SmartMaintenance.Cloud.Ml.Rul;

/// <summary>
/// A remaining-useful-life estimate in cycles with its interval: [Low, High] holds the true RUL about
/// IntervalCoverage of the time (quantiles of out-of-fold residuals of predictions like this one). Cap: the model
/// cannot tell more than Cap cycles apart (its target is capped), so an estimate near Cap means "at least about Cap".
/// </summary>
public sealed record RulEstimate(double Rul, double Low, double High, double IntervalCoverage, int Cap, int CyclesSeen, string ModelName, int ModelVersion);
