namespace SmartMaintenance.Cloud.Agents.Orchestration;

/// <summary>Cloud:Agents:Orchestrator — the Golden Path demo.</summary>
public sealed class OrchestratorOptions
{
    public const string Section = "Cloud:Agents:Orchestrator";

    /// <summary>A stage that does not finish within this time fails with the reason (the timeout guard).</summary>
    public TimeSpan StageTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Normal readings sent before the run's events so the new sensor's detectors are past their warm-up
    /// (Cloud:Agents:Anomaly:WarmupSamples); they travel the same pipeline.
    /// </summary>
    public int BaselineReadings { get; set; } = 40;

    public int MaxEvents { get; set; } = 10_000;

    /// <summary>Finished runs kept in memory for GET.</summary>
    public int RunsKept { get; set; } = 100;
}
