namespace SmartMaintenance.Cloud.Ml.Rul;

/// <summary>What a RUL artifact carries besides the ML.NET model: options, feature names, interval bands, test figures.</summary>
public sealed record RulManifest(RulOptions Options, IReadOnlyList<string> FeatureNames, IReadOnlyList<RulIntervalBand> Bands, double IntervalNominal,
    double Rmse, double Phm08Score, string DataSha256);
