using SmartMaintenance.Cloud.Detection.Machine;

namespace SmartMaintenance.Cloud.Detection.Tests.Machine;

public sealed class MachineAlertPathTests
{
    [Fact]
    public void Observe_LongFaultInsideIncident_NotLearnedAway()
    {
        // The detector keeps learning outside incidents; a fault that holds the incident open must not become
        // the new normal, however long it lasts (here 3,000 observations, ten refits' worth of data).
        var rows = MachineSignals.Machine(4_000, seed: 31);
        var path = new MachineAlertPath();
        var steps = new List<MachineAlertStep>();
        for (var i = 0; i < rows.Length; i++)
        {
            var row = i >= 900 ? MachineSignals.With(rows[i], "vibration", rows[i][2].Value + 0.001) : rows[i];
            steps.Add(path.Observe(Signals.At(i), row));
        }

        var opened = steps.FindIndex(s => s.Incident.Change == IncidentChange.Opened);
        Assert.InRange(opened, 900, 905);
        Assert.All(steps[opened..], s => Assert.True(s.Incident.InIncident));
        Assert.Equal(1, steps[^1].Incident.IncidentNumber);
        Assert.Equal("vibration", steps[^1].Verdict.Top!.SensorId);
    }

    [Fact]
    public void Rebaseline_AfterMaintenance_IncidentClosedNewOperatingPointLearned()
    {
        var rows = MachineSignals.Machine(1_400, seed: 32);
        var path = new MachineAlertPath();
        for (var i = 0; i < 400; i++)
        {
            path.Observe(Signals.At(i), rows[i]);
        }

        // New operating point: temperature 5 degrees higher from now on; an incident opens.
        SensorValue[] Moved(int i) => MachineSignals.With(rows[i], "temperature", rows[i][0].Value + 5);
        var steps = Enumerable.Range(400, 20).Select(i => path.Observe(Signals.At(i), Moved(i))).ToList();
        Assert.True(path.Incidents.IsOpen);
        Assert.Contains(steps, s => s.Incident.Change == IncidentChange.Opened);

        path.Rebaseline(); // a person resolved it as "maintenance done"
        Assert.False(path.Incidents.IsOpen);
        Assert.True(path.Detector.WarmingUp);
        var after = Enumerable.Range(420, 980).Select(i => path.Observe(Signals.At(i), Moved(i))).ToList();

        // The new temperature is normal now: it is near its new median and drives no incident. (The stepped
        // pressure of this machine may still reach a level the 300-observation baseline never saw.)
        Assert.All(after[..300], s => Assert.True(s.Verdict.WarmingUp));
        Assert.All(after[300..], s => Assert.InRange(s.Verdict.Contributions.Single(c => c.SensorId == "temperature").Deviation, -4, 4));
        Assert.DoesNotContain(after, s => s.Incident.Change == IncidentChange.Opened && s.Verdict.Top!.SensorId == "temperature");
    }
}
