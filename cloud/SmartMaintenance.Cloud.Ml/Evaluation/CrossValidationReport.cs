namespace SmartMaintenance.Cloud.Ml.Evaluation;

/// <summary>Metrics of one held-out fold.</summary>
public sealed record FoldResult(int Seed, int Fold, double Threshold, BinaryMetrics Failure, ModeMetrics Modes)
{
    /// <summary>The same fold scored on the cross-validation's subset of rows only (null without a subset).</summary>
    public BinaryMetrics? Subset { get; init; }
}

/// <summary>
/// Everything the protocol measured: per-fold results, their spread, the confusion matrix of each repetition
/// (every row held out exactly once), the pooled out-of-fold threshold used by the final model.
/// </summary>
public sealed record CrossValidationReport(
    string Configuration,
    int Rows,
    int Failures,
    IReadOnlyList<FoldResult> Folds,
    double PooledThreshold,
    BinaryMetrics PooledAtPooledThreshold,
    ModeMetrics PooledModes,
    IReadOnlyList<string> ModeNames)
{
    public Spread F1 => Spread.Of(Folds.Select(f => f.Failure.F1));
    public Spread Precision => Spread.Of(Folds.Select(f => f.Failure.Precision));
    public Spread Recall => Spread.Of(Folds.Select(f => f.Failure.Recall));
    public Spread RocAuc => Spread.Of(Folds.Select(f => f.Failure.RocAuc));
    public Spread PrAuc => Spread.Of(Folds.Select(f => f.Failure.PrAuc));
    public Spread ModeMacroF1 => Spread.Of(Folds.Select(f => f.Modes.MacroF1));

    /// <summary>F1 of each fold on the subset's rows alone, at the fold's threshold; NaN without a subset.</summary>
    public Spread SubsetF1 => Spread.Of(Folds.Where(f => f.Subset is not null).Select(f => f.Subset!.F1));

    /// <summary>The map from raw score to probability of the registered model (fitted on all out-of-fold scores).</summary>
    public Training.PlattMap Calibration { get; init; } = new(-1, 0);

    /// <summary>
    /// Calibration of the probabilities the protocol scored: each held-out fold through a map fitted on the other
    /// folds, so no row's label shaped its own probability.
    /// </summary>
    public CalibrationReport Calibrated { get; init; } = new(double.NaN, double.NaN, []);

    /// <summary>The same rows through ML.NET's built-in probability (calibrated on the training rows themselves).</summary>
    public CalibrationReport Uncalibrated { get; init; } = new(double.NaN, double.NaN, []);

    /// <summary>Confusion matrix summed over the folds of each repetition, averaged over repetitions.</summary>
    public (double Tp, double Fp, double Tn, double Fn) MeanConfusion
    {
        get
        {
            var reps = Math.Max(1, Folds.Select(f => f.Seed).Distinct().Count());
            return (Folds.Sum(f => f.Failure.TruePositives) / (double)reps, Folds.Sum(f => f.Failure.FalsePositives) / (double)reps,
                Folds.Sum(f => f.Failure.TrueNegatives) / (double)reps, Folds.Sum(f => f.Failure.FalseNegatives) / (double)reps);
        }
    }

    /// <summary>The few numbers the registry keeps and the champion/challenger rule compares.</summary>
    public ModelMetrics Summary() => new(F1.Mean, Precision.Mean, Recall.Mean, RocAuc.Mean, PrAuc.Mean, ModeMacroF1.Mean, PooledThreshold, F1.StdDev)
    {
        Brier = Calibrated.Brier,
        Ece = Calibrated.Ece,
    };
}

/// <summary>Cross-validated means kept with a registered model version.</summary>
public sealed record ModelMetrics(double F1, double Precision, double Recall, double RocAuc, double PrAuc, double ModeMacroF1, double Threshold, double F1StdDev)
{
    /// <summary>Brier score of the calibrated held-out probabilities; null for versions registered before calibration.</summary>
    public double? Brier { get; init; }

    /// <summary>Expected calibration error (10 bins) of the same probabilities; null before calibration.</summary>
    public double? Ece { get; init; }
}
