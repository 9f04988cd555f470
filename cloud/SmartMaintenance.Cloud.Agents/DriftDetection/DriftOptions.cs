namespace SmartMaintenance.Cloud.Agents.DriftDetection;

/// <summary>Cloud:Agents:Drift — windows and thresholds of the drift agent.</summary>
public sealed class DriftOptions
{
    public const string Section = "Cloud:Agents:Drift";

    /// <summary>Readings in the reference window (the first ones of a sensor, then the window after each drift).</summary>
    public int ReferenceSize { get; set; } = 200;

    /// <summary>Readings in the recent window compared with the reference.</summary>
    public int RecentSize { get; set; } = 200;

    /// <summary>Readings between two tests of the same sensor.</summary>
    public int TestEvery { get; set; } = 50;

    /// <summary>KS p-value below which the windows differ (with PSI above PsiThreshold as well, to ignore tiny but significant shifts).</summary>
    public double Alpha { get; set; } = 0.01;

    /// <summary>0.2 is the customary "significant shift" level of the population stability index.</summary>
    public double PsiThreshold { get; set; } = 0.2;

    /// <summary>
    /// After a retrain request, further drift (any sensor) within this time is reported but asks for no retraining,
    /// so a drift storm does not retrain in a loop. 0 = ask every time.
    /// </summary>
    public TimeSpan RetrainCooldown { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// How far back a sensor's windows are rebuilt from the stored readings when this process first handles it (after a
    /// start, or a takeover of its bus partition; docs/scale-out.md, "State on takeover"). Zero: no rebuild, the
    /// sensor's reference window fills again from its next readings.
    /// </summary>
    public TimeSpan RebuildWindow { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// The most recent stored readings replayed per sensor in a rebuild (bounds a takeover's work). The windows equal the
    /// uninterrupted ones when the sensor's whole history fits; at least ReferenceSize + RecentSize to test at once.
    /// </summary>
    public int RebuildMaxReadings { get; set; } = 2_000;

    public IEnumerable<string> Validate()
    {
        if (RebuildWindow < TimeSpan.Zero) yield return "Cloud:Agents:Drift:RebuildWindow must not be negative (zero turns the rebuild off).";
        if (RebuildMaxReadings < 0) yield return "Cloud:Agents:Drift:RebuildMaxReadings must not be negative.";
        if (RetrainCooldown < TimeSpan.Zero) yield return "Cloud:Agents:Drift:RetrainCooldown must not be negative.";
        if (ReferenceSize < 10 || RecentSize < 10) yield return "Cloud:Agents:Drift: ReferenceSize and RecentSize must be at least 10.";
        if (TestEvery < 1) yield return "Cloud:Agents:Drift:TestEvery must be positive.";
        if (!(Alpha is > 0 and < 1)) yield return "Cloud:Agents:Drift:Alpha must be in (0, 1).";
        if (!(PsiThreshold > 0)) yield return "Cloud:Agents:Drift:PsiThreshold must be positive.";
    }
}
