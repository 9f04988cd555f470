namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>
/// A fitted machine: the <see cref="StateModel"/> of its baseline and two calibrated tests on it. The instant
/// test is the distance of the observation itself (a jump, a spike, a broken correlation); the sustained test is
/// the distance of a multivariate EWMA of the standardized state (a small shift that persists). Each test is
/// calibrated on the baseline out of sample (contiguous folds, each judged by a model fitted on the others), and
/// the verdict's p-value is twice the smaller of the two (Bonferroni), so a level's budget holds for both
/// together. Holds the EWMA state: one per machine, called in order.
/// </summary>
internal sealed class MachineModel
{
    private readonly StateModel _model;
    private readonly TailCalibration _instant;
    private readonly TailCalibration _sustained;
    private readonly double _weight;
    private readonly double _clip;
    private readonly double[] _state;
    private readonly double[] _smoothed;
    private readonly double[] _pulled;
    private readonly double[] _pulledSmoothed;

    private MachineModel(StateModel model, TailCalibration instant, TailCalibration sustained, double weight, double clip)
    {
        _clip = clip;
        _model = model;
        _instant = instant;
        _sustained = sustained;
        _weight = weight;
        _state = new double[model.Channels];
        _smoothed = new double[model.Channels];
        _pulled = new double[model.Channels];
        _pulledSmoothed = new double[model.Channels];
    }

    public int Channels => _model.Channels;

    public ChannelScale Scale(int channel) => _model.Scale(channel);

    /// <param name="rows">The baseline, oldest first.</param>
    /// <param name="options">The detector's options.</param>
    /// <param name="smallestFold">
    /// The fewest observations a calibration fold may have. A refit passes the first baseline's length: its rows
    /// come from periods of at least that length learned one after another, and a live observation is judged by a
    /// model that has never seen its period, so each fold must be judged by a model that has not seen that period
    /// either; shorter folds let a model fitted on the rest of the same period calibrate it and understate the
    /// drift between periods (measured on Tennessee Eastman: a false incident on the normal test run after the
    /// refit, docs/detection.md).
    /// </param>
    public static MachineModel Fit(IReadOnlyList<double[]> rows, MachineDetectorOptions options, int smallestFold = 1)
    {
        var n = rows.Count;
        var m = rows[0].Length;
        var folds = Math.Clamp(Math.Min(options.CalibrationFolds, n / Math.Max(1, smallestFold)), 2, Math.Max(2, n / 2));
        var instant = new double[n];
        var states = new double[n][];
        var models = new StateModel[folds];
        var foldOf = new int[n];
        var pulled = new double[m];
        for (var f = 0; f < folds; f++)
        {
            var start = f * n / folds;
            var end = (f + 1) * n / folds;
            var training = new List<double[]>(n - (end - start));
            for (var i = 0; i < n; i++)
            {
                if (i < start || i >= end)
                {
                    training.Add(rows[i]);
                }
            }

            models[f] = StateModel.Fit(training, options);
            for (var i = start; i < end; i++)
            {
                states[i] = new double[m];
                foldOf[i] = f;
                models[f].Center(rows[i], states[i]);
                instant[i] = models[f].Distance(states[i], pulled);
            }
        }

        return new MachineModel(
            StateModel.Fit(rows, options),
            new TailCalibration(instant, options.TailFraction),
            new TailCalibration(SustainedStatistics(states, models, foldOf, options), options.TailFraction),
            options.SustainedWeight,
            options.SustainedClip);
    }

    /// <summary>
    /// The sustained statistic over a circular block bootstrap of the out-of-sample states (blocks of about
    /// sqrt(n) observations keep the baseline's short-range autocorrelation), each judged by the model of the
    /// fold it came from. Seeded: the same baseline gives the same calibration. Returned as an array the
    /// calibration takes over (no second large copy per refit: see <see cref="TailCalibration"/>).
    /// </summary>
    private static double[] SustainedStatistics(double[][] states, StateModel[] models, int[] foldOf, MachineDetectorOptions options)
    {
        var n = states.Length;
        var m = states[0].Length;
        var weight = options.SustainedWeight;
        var clip = options.SustainedClip;
        var warm = (int)Math.Ceiling(2 / weight);
        var block = Math.Clamp((int)Math.Ceiling(Math.Max(Math.Sqrt(n), 2 * CorrelationTime(states))), 1, Math.Max(1, n / 3));
        var random = new Random(options.Seed);
        var smoothed = new double[m];
        var pulled = new double[m];
        var statistics = new double[options.SustainedCalibrationLength];
        var position = 0;
        for (var t = 0; t < options.SustainedCalibrationLength + warm; t++)
        {
            if (t % block == 0)
            {
                position = random.Next(n);
            }

            var i = (position + (t % block)) % n;
            for (var j = 0; j < m; j++)
            {
                smoothed[j] = ((1 - weight) * smoothed[j]) + (weight * Math.Clamp(states[i][j], -clip, clip));
            }

            if (t >= warm)
            {
                statistics[t - warm] = models[foldOf[i]].Distance(smoothed, pulled);
            }
        }

        return statistics;
    }

    /// <summary>
    /// The longest correlation time among the channels, (1 + r) / (1 - r) observations for a lag-one
    /// autocorrelation r (an AR(1) reading): bootstrap blocks shorter than that would cut a slow wander into
    /// pieces and make the smoothed statistic look steadier than the machine is.
    /// </summary>
    private static double CorrelationTime(double[][] states)
    {
        var n = states.Length;
        var longest = 1.0;
        for (var j = 0; j < states[0].Length; j++)
        {
            double mean = 0, variance = 0, lagged = 0;
            for (var i = 0; i < n; i++)
            {
                mean += states[i][j] / n;
            }

            for (var i = 0; i < n; i++)
            {
                var d = states[i][j] - mean;
                variance += d * d;
                if (i > 0)
                {
                    lagged += d * (states[i - 1][j] - mean);
                }
            }

            if (variance > 0)
            {
                var r = Math.Clamp(lagged / variance, 0, 0.999);
                longest = Math.Max(longest, (1 + r) / (1 - r));
            }
        }

        return longest;
    }

    /// <summary>
    /// Judges one full row of raw values (one per model channel). Writes each channel's standardized deviation
    /// and its share of the deciding test's statistic; returns that statistic and the combined p-value.
    /// </summary>
    public (double Statistic, double PValue) Judge(ReadOnlySpan<double> row, Span<double> deviations, Span<double> shares)
    {
        _model.Center(row, _state);
        for (var j = 0; j < _state.Length; j++)
        {
            _smoothed[j] = ((1 - _weight) * _smoothed[j]) + (_weight * Math.Clamp(_state[j], -_clip, _clip));
            deviations[j] = _model.Scale(j).Standardize(row[j]);
        }

        var instant = _model.Distance(_state, _pulled);
        var sustained = _model.Distance(_smoothed, _pulledSmoothed);
        var pInstant = _instant.PValue(instant);
        var pSustained = _sustained.PValue(sustained);
        var instantDecides = pInstant <= pSustained;
        _model.Contributions(instantDecides ? _pulled : _pulledSmoothed, shares);
        var total = 0.0;
        foreach (var c in shares)
        {
            total += c;
        }

        for (var j = 0; j < shares.Length; j++)
        {
            shares[j] = total > 0 ? shares[j] / total : 0;
        }

        return (instantDecides ? instant : sustained, Math.Min(1, 2 * Math.Min(pInstant, pSustained)));
    }
}
