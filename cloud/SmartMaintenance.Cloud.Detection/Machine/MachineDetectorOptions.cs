namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>
/// Options of <see cref="MachineDetector"/>: the baseline, how channels are standardized, the model and the
/// severity budgets. A budget is the false-alarm rate a level may have on the machine's normal behaviour, per
/// observation (not per second, so it fits any sampling rate): at 1 Hz, 1/86,400 is about once per machine per
/// day. Budgets are checked by calibration on the baseline itself (docs/detection.md, "Severity").
/// </summary>
public sealed class MachineDetectorOptions
{
    /// <summary>Observations that form the baseline before the first verdict.</summary>
    public int BaselineObservations { get; set; } = 300;

    /// <summary>
    /// Whether the baseline keeps learning after it is complete: observations judged normal (below
    /// <see cref="LearnBelow"/>, and none at or above it in the last <see cref="LearnHoldOff"/>) are kept, and the
    /// model is refitted on them each time they have doubled since the last fit, up to
    /// <see cref="BaselineGrowth"/> x <see cref="BaselineObservations"/> (then on that many of the latest, each time
    /// half of them are new). A short first baseline (5 minutes at 1 Hz) cannot show a machine's slow wanders; this
    /// lets the model see them without learning what it flags.
    /// </summary>
    public bool KeepLearning { get; set; } = true;

    /// <summary>How far the baseline may grow, as a multiple of <see cref="BaselineObservations"/>.</summary>
    public int BaselineGrowth { get; set; } = 10;

    /// <summary>
    /// Verdicts at this severity or above are not learned (nor the <see cref="LearnHoldOff"/> after them), even
    /// outside an incident (<see cref="MachineDetector.Learning"/>).
    /// </summary>
    public Combined.Severity LearnBelow { get; set; } = Combined.Severity.High;

    /// <summary>Observations after a verdict at <see cref="LearnBelow"/> or above that are not learned either.</summary>
    public int LearnHoldOff { get; set; } = 60;

    /// <summary>
    /// Contiguous blocks the baseline is cut into for calibration: each block is judged by a model fitted on the
    /// others, so the calibration statistics are out-of-sample (as live observations are) and keep the baseline's
    /// autocorrelation.
    /// </summary>
    public int CalibrationFolds { get; set; } = 5;

    /// <summary>Spread floor as a fraction of a channel's typical non-zero step (quantized / stepped sensors).</summary>
    public double SpreadStepFraction { get; set; } = 0.5;

    /// <summary>Spread floor as a fraction of a channel's baseline range (max - min).</summary>
    public double SpreadRangeFraction { get; set; } = 0.02;

    /// <summary>Spread floor as a fraction of the channel's typical magnitude |median|.</summary>
    public double SpreadRelativeFloor { get; set; } = 1e-3;

    /// <summary>Absolute spread floor, in the channel's own unit (last resort against a zero spread).</summary>
    public double SpreadAbsoluteFloor { get; set; } = 1e-9;

    /// <summary>
    /// Smallest variance a principal direction of the standardized baseline may have in the distance (in
    /// standardized units, where a typical channel has variance about 1). Directions the baseline never moved
    /// in still count, but a move along them weighs at most 1/floor per unit squared: a regularized Mahalanobis
    /// distance instead of a division by zero.
    /// </summary>
    public double EigenvalueFloor { get; set; } = 0.05;

    /// <summary>
    /// Smallest variance of each standardized channel in the model (1 = the channel's own spread). A channel whose
    /// baseline spread comes from a floor (constant, rarely stepped) is then treated as an independent channel
    /// moving by about that spread, not as a direction the machine never moves in.
    /// </summary>
    public double ChannelVarianceFloor { get; set; } = 0.5;

    /// <summary>
    /// Observations in the resampled baseline the sustained test is calibrated on (circular block bootstrap of
    /// the out-of-sample states): a smoothed statistic over a few hundred autocorrelated points has too few
    /// independent values for its tail.
    /// </summary>
    public int SustainedCalibrationLength { get; set; } = 20_000;

    /// <summary>
    /// Smoothing weight of the sustained test (a multivariate EWMA of the standardized state, Lowry et al. 1992):
    /// small shifts that no single observation shows add up over about 2/weight observations.
    /// </summary>
    public double SustainedWeight { get; set; } = 0.1;

    /// <summary>
    /// Each centred standardized channel enters the sustained test's EWMA clipped to +/- this many spreads, so
    /// one extreme observation (the instant test's business) does not read as a sustained shift for the next
    /// observations; a shift that persists still adds up.
    /// </summary>
    public double SustainedClip { get; set; } = 4;

    /// <summary>
    /// Fraction of the largest calibration statistics to which an exponential tail is fitted, to give p-values
    /// below 1/(n+1) (the smallest an empirical p-value over n calibration points can be).
    /// </summary>
    public double TailFraction { get; set; } = 0.2;

    /// <summary>Seed of the calibration's resampling (deterministic: the same baseline gives the same thresholds).</summary>
    public int Seed { get; set; } = 12;

    /// <summary>False-alarm budget of Low per observation on normal data: 1/3,600 (about once an hour at 1 Hz).</summary>
    public double LowBudget { get; set; } = 1.0 / 3_600;

    /// <summary>False-alarm budget of Medium: 1/86,400 (about once per machine per day at 1 Hz).</summary>
    public double MediumBudget { get; set; } = 1.0 / 86_400;

    /// <summary>False-alarm budget of High: 1/604,800 (about once per machine per week at 1 Hz).</summary>
    public double HighBudget { get; set; } = 1.0 / 604_800;

    /// <summary>False-alarm budget of Critical: 1/31,536,000 (about once per machine per year at 1 Hz).</summary>
    public double CriticalBudget { get; set; } = 1.0 / 31_536_000;

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid option.</summary>
    public MachineDetectorOptions EnsureValid()
    {
        var errors = new List<string>();
        if (BaselineObservations < 10)
        {
            errors.Add($"{nameof(BaselineObservations)} must be at least 10 (was {BaselineObservations}).");
        }

        if (CalibrationFolds < 2 || CalibrationFolds > Math.Max(2, BaselineObservations / 2))
        {
            errors.Add($"{nameof(CalibrationFolds)} must be between 2 and half the baseline (was {CalibrationFolds}).");
        }

        if (BaselineGrowth < 1 || BaselineGrowth > 1000)
        {
            errors.Add($"{nameof(BaselineGrowth)} must be between 1 and 1000 (was {BaselineGrowth}).");
        }

        if (LearnBelow == Combined.Severity.None || !Enum.IsDefined(LearnBelow))
        {
            errors.Add($"{nameof(LearnBelow)} must be Low or above.");
        }

        if (LearnHoldOff < 0)
        {
            errors.Add($"{nameof(LearnHoldOff)} must not be negative (was {LearnHoldOff}).");
        }

        RequireRange(errors, nameof(SpreadStepFraction), SpreadStepFraction, 0, 10);
        RequireRange(errors, nameof(SpreadRangeFraction), SpreadRangeFraction, 0, 1);
        RequireRange(errors, nameof(SpreadRelativeFloor), SpreadRelativeFloor, 0, 1);
        if (!(SpreadAbsoluteFloor > 0) || double.IsInfinity(SpreadAbsoluteFloor))
        {
            errors.Add($"{nameof(SpreadAbsoluteFloor)} must be above 0 (was {SpreadAbsoluteFloor}).");
        }

        if (!(EigenvalueFloor > 0) || EigenvalueFloor > 1)
        {
            errors.Add($"{nameof(EigenvalueFloor)} must be in (0, 1] (was {EigenvalueFloor}).");
        }

        if (!(ChannelVarianceFloor >= 0) || ChannelVarianceFloor > 100)
        {
            errors.Add($"{nameof(ChannelVarianceFloor)} must be between 0 and 100 (was {ChannelVarianceFloor}).");
        }

        if (SustainedCalibrationLength < 100 || SustainedCalibrationLength > 10_000_000)
        {
            errors.Add($"{nameof(SustainedCalibrationLength)} must be between 100 and 10,000,000 (was {SustainedCalibrationLength}).");
        }

        if (!(SustainedWeight > 0) || SustainedWeight > 1)
        {
            errors.Add($"{nameof(SustainedWeight)} must be in (0, 1] (was {SustainedWeight}).");
        }

        if (!(SustainedClip > 0))
        {
            errors.Add($"{nameof(SustainedClip)} must be above 0 (was {SustainedClip}).");
        }

        if (!(TailFraction > 0) || TailFraction > 0.5)
        {
            errors.Add($"{nameof(TailFraction)} must be in (0, 0.5] (was {TailFraction}).");
        }

        if (!(CriticalBudget > 0 && CriticalBudget <= HighBudget && HighBudget <= MediumBudget
              && MediumBudget <= LowBudget && LowBudget < 1))
        {
            errors.Add(
                $"Budgets must satisfy 0 < {nameof(CriticalBudget)} <= {nameof(HighBudget)} <= {nameof(MediumBudget)} "
                + $"<= {nameof(LowBudget)} < 1 (were {CriticalBudget}, {HighBudget}, {MediumBudget}, {LowBudget}).");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }

        return this;
    }

    private static void RequireRange(List<string> errors, string name, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            errors.Add($"{name} must be between {min} and {max} (was {value}).");
        }
    }
}
