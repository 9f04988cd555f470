namespace SmartMaintenance.Cloud.Ml.Rul;

/// <summary>Residual quantiles (true − predicted) of out-of-fold predictions whose prediction falls in [From, To).</summary>
public sealed record RulIntervalBand(double From, double To, int Rows, double Low, double High);

/// <summary>One test engine: its true RUL, the estimate and the interval.</summary>
public sealed record RulTestResult(int Unit, int Cycles, int TrueRul, double Predicted, double Low, double High);

/// <summary>
/// What the RUL protocol measured: on test_FD001's last cycles against RUL_FD001 (RMSE against the true RUL and
/// against the true RUL capped like the target; MAE; the PHM08 score), the interval bands from grouped
/// cross-validation on train_FD001 and how often the test engines' true RUL fell inside their interval.
/// </summary>
public sealed record RulReport(
    string Configuration,
    int Cap,
    int TrainEngines,
    int TrainRows,
    int TestEngines,
    double Rmse,
    double RmseCapped,
    double Mae,
    double Phm08Score,
    double CrossValidatedRmse,
    IReadOnlyList<RulIntervalBand> Bands,
    double IntervalCoverage,
    double IntervalNominal,
    IReadOnlyList<RulTestResult> Test)
{
    /// <summary>PHM08 scoring function: late predictions (d = predicted − true > 0) cost exp(d/10) − 1, early ones exp(−d/13) − 1.</summary>
    public static double Phm08(IEnumerable<(double Predicted, double True)> pairs) =>
        pairs.Sum(p =>
        {
            var d = p.Predicted - p.True;
            return d < 0 ? Math.Exp(-d / 13) - 1 : Math.Exp(d / 10) - 1;
        });
}
