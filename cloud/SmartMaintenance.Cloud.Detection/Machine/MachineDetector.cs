using SmartMaintenance.Cloud.Detection.Combined;

namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>
/// One machine's multivariate detector: judges all of the machine's sensors together against a baseline learned
/// from its first observations (or after <see cref="Rebaseline"/>), and says which sensors drove the verdict.
/// Not thread-safe: one instance per machine, called in order. Sensors missing from an observation keep their last
/// value; a sensor seen for the first time after the baseline is judged once it has a baseline of its own.
/// </summary>
/// <remarks>
/// The model (<see cref="MachineModel"/>): channels standardized with a spread that is never zero, a regularized
/// Mahalanobis distance of the state and of its EWMA, each turned into a p-value by calibration on the baseline;
/// severity is that p-value read against the budgets of <see cref="MachineDetectorOptions"/>. Non-finite values
/// are ignored (the sensor keeps its last value). See docs/detection.md.
/// </remarks>
public sealed class MachineDetector
{
    private readonly MachineDetectorOptions _options;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];
    private readonly List<double> _last = [];
    private readonly List<double[]> _baseline = [];
    private readonly List<double[]> _pending = [];
    private readonly List<double[]> _learned = [];
    private MachineModel? _model;
    private int _fittedOn;
    private int _learnedSinceFit;
    private int _sinceAbnormal;
    private int _recentlyLearned;
    private bool _learning = true;
    private int[] _channels = [];
    private double[] _row = [];
    private double[] _deviations = [];
    private double[] _shares = [];

    public MachineDetector(MachineDetectorOptions? options = null)
    {
        _options = (options ?? new MachineDetectorOptions()).EnsureValid();
    }

    /// <summary>True until the baseline is complete: verdicts are <see cref="MachineVerdict.Warming"/> then.</summary>
    public bool WarmingUp => _model is null;

    /// <summary>How many times the model has been refitted on learned observations (diagnostics, evaluations).</summary>
    public int Refits { get; private set; }

    /// <summary>The sensors the current model judges (empty while warming up), in the order first seen.</summary>
    public IReadOnlyList<string> JudgedSensors => [.. _channels.Select(c => _ids[c])];

    /// <summary>
    /// Whether judged observations may join the baseline (<see cref="MachineDetectorOptions.KeepLearning"/>). The
    /// alert path turns it off while an incident is open, so what the machine does in trouble is never learned as
    /// normal; turning it off also takes back the last <see cref="MachineDetectorOptions.LearnHoldOff"/> learned
    /// observations (the run-up to the incident).
    /// </summary>
    public bool Learning
    {
        get => _learning;
        set
        {
            if (_learning && !value)
            {
                var retract = Math.Min(_recentlyLearned, _learned.Count);
                _learned.RemoveRange(_learned.Count - retract, retract);
                _learnedSinceFit = Math.Max(0, _learnedSinceFit - retract);
                _recentlyLearned = 0;
            }

            _learning = value;
        }
    }

    /// <summary>Observes the machine at one instant (a full or partial row of sensor values) and judges it.</summary>
    public MachineVerdict Observe(DateTimeOffset timestamp, IReadOnlyList<SensorValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (id, value) in values)
        {
            if (id is null || !double.IsFinite(value))
            {
                continue;
            }

            if (!_index.TryGetValue(id, out var channel))
            {
                channel = _ids.Count;
                _index[id] = channel;
                _ids.Add(id);
                _last.Add(double.NaN);
            }

            _last[channel] = value;
        }

        if (_model is null)
        {
            Remember(_baseline);
            if (_baseline.Count >= _options.BaselineObservations && TryFit(_baseline))
            {
                _baseline.Clear();
            }

            return MachineVerdict.Warming;
        }

        var verdict = Judge();
        if (_options.KeepLearning)
        {
            Learn(verdict);
        }

        if (_ids.Count > _channels.Length)
        {
            // A sensor the model does not know: learn a baseline that includes it while the old model judges.
            Remember(_pending);
            if (CountComplete(_pending) >= _options.BaselineObservations && TryFit(_pending))
            {
                _pending.Clear();
            }
        }

        return verdict;
    }

    /// <summary>
    /// Keeps a normal observation for the next refit and refits when the kept ones have doubled since the last
    /// fit (or, once the baseline is at its largest, when half of them are new). The kept rows are the model's
    /// channels only; a pending late channel has its own baseline.
    /// </summary>
    private void Learn(MachineVerdict verdict)
    {
        if (!_learning)
        {
            return;
        }

        if (verdict.Severity >= _options.LearnBelow)
        {
            _sinceAbnormal = 0;
            return;
        }

        if (_sinceAbnormal < _options.LearnHoldOff)
        {
            _sinceAbnormal++;
            return;
        }

        var largest = _options.BaselineGrowth * _options.BaselineObservations;
        _learned.Add([.. _row]);
        _learnedSinceFit++;
        _recentlyLearned = Math.Min(_recentlyLearned + 1, _options.LearnHoldOff);
        if (_learned.Count > largest)
        {
            _learned.RemoveAt(0);
        }

        var due = _fittedOn < largest ? _learnedSinceFit >= _fittedOn : _learnedSinceFit >= largest / 2;
        if (due && _learned.Count >= _options.BaselineObservations)
        {
            _model = MachineModel.Fit(_learned, _options, smallestFold: _options.BaselineObservations);
            Refits++;
            _fittedOn = _learned.Count;
            _learnedSinceFit = 0;
            _recentlyLearned = 0;
        }
    }

    /// <summary>Forgets the baseline and learns a new one from the next observations (a new operating point after maintenance).</summary>
    public void Rebaseline()
    {
        _model = null;
        _channels = [];
        _baseline.Clear();
        _pending.Clear();
        _learned.Clear();
    }

    private void Remember(List<double[]> rows)
    {
        rows.Add([.. _last]);

        // Bounded: a machine that never sends a usable row must not grow memory without end.
        if (rows.Count > 4 * _options.BaselineObservations)
        {
            rows.RemoveAt(0);
        }
    }

    private static int CountComplete(List<double[]> rows)
    {
        var count = 0;
        foreach (var row in rows)
        {
            if (row.Length > 0 && Array.TrueForAll(row, double.IsFinite))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Fits on the channels present in at least half of the rows, using the rows where all of them are present
    /// (a late channel joins later through the pending baseline). False when too little is usable yet.
    /// </summary>
    private bool TryFit(List<double[]> rows)
    {
        var width = rows[^1].Length;
        var channels = new List<int>(width);
        for (var c = 0; c < width; c++)
        {
            var present = 0;
            foreach (var row in rows)
            {
                if (c < row.Length && double.IsFinite(row[c]))
                {
                    present++;
                }
            }

            if (2 * present >= rows.Count)
            {
                channels.Add(c);
            }
        }

        var usable = new List<double[]>(rows.Count);
        foreach (var row in rows)
        {
            if (channels.TrueForAll(c => c < row.Length && double.IsFinite(row[c])))
            {
                usable.Add([.. channels.Select(c => row[c])]);
            }
        }

        if (channels.Count == 0 || usable.Count < Math.Min(10, _options.BaselineObservations))
        {
            return false;
        }

        _model = MachineModel.Fit(usable, _options);
        _channels = [.. channels];
        _learned.Clear();
        _learned.AddRange(usable);
        _fittedOn = usable.Count;
        _learnedSinceFit = 0;
        _recentlyLearned = 0;
        _sinceAbnormal = _options.LearnHoldOff;
        _row = new double[_channels.Length];
        _deviations = new double[_channels.Length];
        _shares = new double[_channels.Length];
        return true;
    }

    private MachineVerdict Judge()
    {
        var model = _model!;
        for (var j = 0; j < _channels.Length; j++)
        {
            _row[j] = _last[_channels[j]];
        }

        var (statistic, pValue) = model.Judge(_row, _deviations, _shares);
        var contributions = new SensorContribution[_channels.Length];
        for (var j = 0; j < _channels.Length; j++)
        {
            contributions[j] = new SensorContribution(_ids[_channels[j]], _row[j], model.Scale(j).Center, _deviations[j], _shares[j]);
        }

        // Stable order (ties keep the order sensors were first seen), so equal shares give the same top sensor every run.
        return new MachineVerdict(false, statistic, pValue, SeverityOf(pValue), [.. contributions.OrderByDescending(c => c.Share)]);
    }

    private Severity SeverityOf(double pValue) =>
        pValue <= _options.CriticalBudget ? Severity.Critical
        : pValue <= _options.HighBudget ? Severity.High
        : pValue <= _options.MediumBudget ? Severity.Medium
        : pValue <= _options.LowBudget ? Severity.Low
        : Severity.None;
}
