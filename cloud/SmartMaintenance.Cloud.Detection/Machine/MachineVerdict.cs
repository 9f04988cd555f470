using SmartMaintenance.Cloud.Detection.Combined;

namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>
/// A machine detector's judgement of one observation. <see cref="PValue"/> is how often the machine's normal
/// behaviour (its baseline) produces a statistic at least this large; <see cref="Severity"/> is that p-value read
/// against the calibrated budgets of <see cref="MachineDetectorOptions"/>. While warming up: p-value 1, severity None.
/// <see cref="Contributions"/> are ordered by share, largest first (empty while warming up).
/// </summary>
public sealed record MachineVerdict(
    bool WarmingUp,
    double Statistic,
    double PValue,
    Severity Severity,
    IReadOnlyList<SensorContribution> Contributions)
{
    public static MachineVerdict Warming { get; } = new(true, 0, 1, Severity.None, []);

    /// <summary>The sensor that contributed most, or null.</summary>
    public SensorContribution? Top => Contributions.Count > 0 ? Contributions[0] : null;
}
