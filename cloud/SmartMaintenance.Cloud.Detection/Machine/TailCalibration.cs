namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>
/// Turns a statistic into a p-value against the out-of-sample statistics of the baseline (conformal
/// p-value: (1 + number of calibration statistics at least as large) / (n + 1)). Over n points that p-value
/// cannot go below 1/(n+1), far above the budgets of Medium and up; beyond the largest <c>TailFraction</c> of
/// the calibration statistics an exponential tail is fitted (peaks over threshold; for a sum of squares the tail
/// of a gamma, i.e. asymptotically exponential) and the p-value extrapolated from it. How far that extrapolation
/// can be trusted is the limit stated in docs/detection.md.
/// </summary>
internal sealed class TailCalibration
{
    private readonly double[] _sorted;
    private readonly double _threshold;
    private readonly double _scale;
    private readonly int _exceedances;

    /// <param name="statistics">
    /// The calibration statistics; the calibration takes the array over and sorts it in place. Why not a copy: a
    /// refit's 20,000 sustained statistics are 160 KB, above the large-object threshold, and a copy per refit was a
    /// large share of the cloud's large-object garbage in the one-hour soak (docs/performance.md).
    /// </param>
    /// <param name="tailFraction">The share of the largest statistics the exponential tail is fitted to.</param>
    public TailCalibration(double[] statistics, double tailFraction)
    {
        _sorted = statistics;
        Array.Sort(_sorted);
        var n = _sorted.Length;
        _exceedances = Math.Max(2, (int)Math.Ceiling(tailFraction * n));
        _exceedances = Math.Min(_exceedances, n - 1);
        _threshold = _sorted[n - 1 - _exceedances];
        var excess = 0.0;
        for (var i = n - _exceedances; i < n; i++)
        {
            excess += _sorted[i] - _threshold;
        }

        // Maximum-likelihood scale of the exponential excess. A tail with no spread (all equal) still gets a
        // positive scale, a small fraction of the statistic's size, so p-values stay finite and monotone.
        // The scale is raised by one standard error (the MLE's is scale/sqrt(k)): p-values far out in the tail
        // are exp(-excess/scale), convex in the scale, so an unbiased scale still gives too many false alarms on
        // average over machines; one standard error up keeps the budget on average (measured in the tests).
        var scale = excess / _exceedances * (1 + (1 / Math.Sqrt(_exceedances)));
        _scale = Math.Max(scale, 1e-9 + (1e-3 * Math.Abs(_threshold)));
    }

    /// <summary>How many calibration statistics at least as large make a state "seen before" (see <see cref="PValue"/>).</summary>
    public const int RepeatedStates = 3;

    public int Count => _sorted.Length;

    public double PValue(double statistic)
    {
        var n = _sorted.Length;
        if (double.IsNaN(statistic))
        {
            return 1;
        }

        var empirical = Empirical(statistic);
        if (statistic <= _threshold)
        {
            return empirical;
        }

        // Not below the empirical p-value when the baseline holds at least RepeatedStates statistics this large:
        // a state seen that often is part of the machine's normal behaviour, however far it lies beyond the bulk
        // (a heavy tail the exponential underestimates). One or two such points may be a glitch in the baseline
        // and do not blunt the tail.
        var tail = (1.0 + _exceedances) / (n + 1) * Math.Exp(-(statistic - _threshold) / _scale);
        return empirical * (n + 1) >= 1 + RepeatedStates ? Math.Max(empirical, tail) : tail;
    }

    /// <summary>(1 + number of calibration statistics at least as large) / (n + 1), by binary search.</summary>
    private double Empirical(double statistic)
    {
        var n = _sorted.Length;
        var index = Array.BinarySearch(_sorted, statistic);
        if (index < 0)
        {
            index = ~index;
        }
        else
        {
            while (index > 0 && _sorted[index - 1] >= statistic)
            {
                index--;
            }
        }

        return (1.0 + n - index) / (n + 1);
    }
}
