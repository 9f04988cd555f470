namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>
/// One machine's multivariate detector: judges all of the machine's sensors together against a baseline learned
/// from its first observations (or after <see cref="Rebaseline"/>), and says which sensors drove the verdict.
/// Not thread-safe: one instance per machine, called in order. Sensors missing from an observation keep their last
/// value; a sensor seen for the first time after the baseline is judged once it has a baseline of its own.
/// CONTRACT ONLY: the implementation is being written (issue 12); the signatures are what the agents build on.
/// </summary>
public sealed class MachineDetector
{
    private readonly MachineDetectorOptions _options;

    public MachineDetector(MachineDetectorOptions? options = null)
    {
        _options = (options ?? new MachineDetectorOptions()).EnsureValid();
    }

    /// <summary>True until the baseline is complete: verdicts are <see cref="MachineVerdict.Warming"/> then.</summary>
    public bool WarmingUp => throw new NotImplementedException("issue 12: machine detector not yet implemented");

    /// <summary>Observes the machine at one instant (a full or partial row of sensor values) and judges it.</summary>
    public MachineVerdict Observe(DateTimeOffset timestamp, IReadOnlyList<SensorValue> values) =>
        throw new NotImplementedException("issue 12: machine detector not yet implemented");

    /// <summary>Forgets the baseline and learns a new one from the next observations (a new operating point after maintenance).</summary>
    public void Rebaseline() => throw new NotImplementedException("issue 12: machine detector not yet implemented");
}
