namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>
/// Options of <see cref="MachineDetector"/>. CONTRACT ONLY (issue 12): the detection work adds the baseline length,
/// the model's settings and the severity budgets (false alarms per observation for each level on normal data).
/// </summary>
public sealed class MachineDetectorOptions
{
    /// <summary>Observations that form the baseline before the first verdict.</summary>
    public int BaselineObservations { get; set; } = 300;

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid option.</summary>
    public MachineDetectorOptions EnsureValid()
    {
        if (BaselineObservations < 10)
        {
            throw new ArgumentException($"{nameof(BaselineObservations)} must be at least 10 (was {BaselineObservations}).");
        }

        return this;
    }
}
