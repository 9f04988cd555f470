using SmartMaintenance.Cloud.Detection.Combined;
using SmartMaintenance.Cloud.Detection.Machine;

namespace SmartMaintenance.Cloud.Detection.Tests.Machine;

public sealed class IncidentTrackerTests
{
    private static MachineVerdict Verdict(Severity severity) => new(false, 0, 1, severity, []);

    private static IncidentStep[] Run(IncidentTracker tracker, params Severity[] severities) =>
        [.. severities.Select((s, i) => tracker.Step(Signals.At(i), Verdict(s)))];

    private static readonly IncidentRuleOptions Rule = new() { OpenAt = Severity.Low, Window = 5, Persistence = 3, QuietObservations = 4, OpenImmediatelyAt = Severity.Critical };

    [Fact]
    public void Step_IsolatedAbnormalObservations_NoIncident()
    {
        var tracker = new IncidentTracker(Rule);
        var steps = Run(tracker, Severity.Medium, Severity.None, Severity.None, Severity.None, Severity.Medium, Severity.None, Severity.None, Severity.None, Severity.Low);

        Assert.All(steps, s => Assert.Equal(IncidentChange.None, s.Change));
        Assert.All(steps, s => Assert.False(s.InIncident));
        Assert.False(tracker.IsOpen);
    }

    [Fact]
    public void Step_PersistenceReached_OpensWithHighestSeverityOfWindow()
    {
        var tracker = new IncidentTracker(Rule);
        var steps = Run(tracker, Severity.Low, Severity.None, Severity.High, Severity.None, Severity.Low);

        Assert.Equal(IncidentChange.Opened, steps[4].Change);
        Assert.True(steps[4].InIncident);
        Assert.Equal(Severity.High, steps[4].Severity);
        Assert.Equal(1, steps[4].IncidentNumber);
        Assert.All(steps[..4], s => Assert.False(s.InIncident));
    }

    [Fact]
    public void Step_OldAbnormalOutsideWindow_DoesNotCount()
    {
        var tracker = new IncidentTracker(Rule);
        var steps = Run(tracker, Severity.Low, Severity.Low, Severity.None, Severity.None, Severity.None, Severity.None, Severity.Low);

        Assert.All(steps, s => Assert.False(s.InIncident));
    }

    [Fact]
    public void Step_ImmediateSeverity_OpensAtOnce()
    {
        var tracker = new IncidentTracker(Rule);
        var step = Run(tracker, Severity.Critical)[0];

        Assert.Equal(IncidentChange.Opened, step.Change);
        Assert.Equal(Severity.Critical, step.Severity);
    }

    [Fact]
    public void Step_GapsShorterThanQuiet_StayOpenAndEscalate()
    {
        var tracker = new IncidentTracker(Rule);
        var steps = Run(
            tracker,
            Severity.Low, Severity.Low, Severity.Low, // opens at index 2
            Severity.None, Severity.None, Severity.None, // 3 quiet < 4
            Severity.Medium, // escalates, quiet count restarts
            Severity.None, Severity.None, Severity.None, Severity.None); // 4 quiet: closes at index 10

        Assert.Equal(IncidentChange.Opened, steps[2].Change);
        Assert.All(steps[2..10], s => Assert.True(s.InIncident));
        Assert.Equal(IncidentChange.Escalated, steps[6].Change);
        Assert.Equal(Severity.Medium, steps[6].Severity);
        Assert.Equal(IncidentChange.Closed, steps[10].Change);
        Assert.False(steps[10].InIncident);
        Assert.Equal(1, steps[10].IncidentNumber);
        Assert.False(tracker.IsOpen);
    }

    [Fact]
    public void Step_AfterClose_NewIncidentNeedsFreshPersistence()
    {
        var tracker = new IncidentTracker(Rule);
        Run(tracker, Severity.Low, Severity.Low, Severity.Low, Severity.None, Severity.None, Severity.None, Severity.None);
        var steps = Run(tracker, Severity.Low, Severity.Low, Severity.Low);

        Assert.False(steps[0].InIncident);
        Assert.False(steps[1].InIncident);
        Assert.Equal(IncidentChange.Opened, steps[2].Change);
        Assert.Equal(2, steps[2].IncidentNumber);
    }

    [Fact]
    public void Step_WarmingVerdicts_NeverAbnormal()
    {
        var tracker = new IncidentTracker(Rule);
        var steps = Enumerable.Range(0, 10).Select(i => tracker.Step(Signals.At(i), MachineVerdict.Warming)).ToArray();

        Assert.All(steps, s => Assert.False(s.InIncident));
    }

    [Fact]
    public void Reset_OpenIncident_ClosedAndNextRunOpensANewOne()
    {
        var tracker = new IncidentTracker(Rule);
        Run(tracker, Severity.Low, Severity.Low, Severity.Low);
        Assert.True(tracker.IsOpen);

        tracker.Reset();
        Assert.False(tracker.IsOpen);
        var steps = Run(tracker, Severity.Low, Severity.Low, Severity.Low);

        Assert.False(steps[1].InIncident);
        Assert.Equal(IncidentChange.Opened, steps[2].Change);
        Assert.Equal(2, steps[2].IncidentNumber);
    }

    [Fact]
    public void Step_KeepOpenBelowOpenAt_LowDoesNotOpenButExtends()
    {
        var tracker = new IncidentTracker(new IncidentRuleOptions { OpenAt = Severity.Medium, KeepOpenAt = Severity.Low, Window = 5, Persistence = 3, QuietObservations = 3 });

        // Low alone never opens; three Medium of five do; then Low keeps it open and only three None in a row close it.
        var steps = Run(tracker, Severity.Low, Severity.Low, Severity.Low, Severity.Low, Severity.Low, Severity.Medium, Severity.Medium, Severity.Medium, Severity.Low, Severity.None, Severity.None, Severity.Low, Severity.None, Severity.None, Severity.None);

        Assert.All(steps[..7], s => Assert.False(s.InIncident));
        Assert.Equal(IncidentChange.Opened, steps[7].Change);
        Assert.Equal(Severity.Medium, steps[7].Severity);
        Assert.All(steps[8..14], s => Assert.True(s.InIncident));
        Assert.Equal(IncidentChange.Closed, steps[14].Change);
        Assert.False(tracker.IsOpen);
    }

    [Fact]
    public void EnsureValid_KeepOpenAboveOpenAt_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new IncidentTracker(new IncidentRuleOptions { OpenAt = Severity.Low, KeepOpenAt = Severity.Medium }));
        Assert.Contains(nameof(IncidentRuleOptions.KeepOpenAt), error.Message);
    }

    [Fact]
    public void EnsureValid_PersistenceAboveWindow_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new IncidentTracker(new IncidentRuleOptions { Window = 3, Persistence = 4 }));
        Assert.Contains(nameof(IncidentRuleOptions.Persistence), error.Message);
    }

    [Fact]
    public void DetectorAndTracker_StepFaultOnMachine_OneIncidentOpenedAndClosed()
    {
        var rows = MachineSignals.Machine(900, seed: 21);
        var detector = new MachineDetector();
        var tracker = new IncidentTracker();
        var steps = new List<IncidentStep>();
        for (var i = 0; i < rows.Length; i++)
        {
            var row = i is >= 500 and < 600 ? MachineSignals.With(rows[i], "temperature", rows[i][0].Value + 3) : rows[i];
            steps.Add(tracker.Step(Signals.At(i), detector.Observe(Signals.At(i), row)));
        }

        var opened = steps.Select((s, i) => (s, i)).Where(x => x.s.Change == IncidentChange.Opened).ToList();
        var (_, at) = Assert.Single(opened);
        Assert.InRange(at, 500, 505);
        Assert.All(steps[at..600], s => Assert.True(s.InIncident));
        Assert.Contains(steps[600..], s => s.Change == IncidentChange.Closed);
        Assert.False(steps[^1].InIncident);
    }
}
