using SmartMaintenance.Cloud.Detection.Combined;
using SmartMaintenance.Cloud.Detection.Machine;

namespace SmartMaintenance.Cloud.Detection.Tests.Machine;

public sealed class MachineDetectorTests
{
    [Fact]
    public void Observe_DuringBaseline_Warming()
    {
        var detector = new MachineDetector(new MachineDetectorOptions { BaselineObservations = 50 });
        var verdicts = MachineSignals.Run(detector, MachineSignals.Machine(51, seed: 1));

        Assert.All(verdicts[..50], v => Assert.Same(MachineVerdict.Warming, v));
        Assert.False(verdicts[50].WarmingUp);
        Assert.False(detector.WarmingUp);
        Assert.Equal(["temperature", "pressure", "vibration", "flow"], detector.JudgedSensors);
    }

    [Fact]
    public void Observe_OrdinaryStepOfSteppedSensor_NotAbnormal()
    {
        // Pressure moves in 5 levels: its MAD is 0 over long runs at one level. One level up is ordinary.
        var rows = MachineSignals.Machine(600, seed: 2);
        var detector = new MachineDetector();
        var verdicts = MachineSignals.Run(detector, rows);
        var stepRows = Enumerable.Range(301, 299).Where(i => rows[i][1].Value != rows[i - 1][1].Value).ToList();

        Assert.NotEmpty(stepRows);
        Assert.All(stepRows, i => Assert.True(verdicts[i].Severity < Severity.Medium, $"row {i}: {verdicts[i].Severity}, p {verdicts[i].PValue}"));
        Assert.All(stepRows, i => Assert.True(Math.Abs(verdicts[i].Contributions.Single(c => c.SensorId == "pressure").Deviation) < 10));
    }

    [Fact]
    public void Observe_ConstantDuringBaselineThenOneResolutionStep_FiniteAndBelowCritical()
    {
        var rows = MachineSignals.Machine(400, seed: 3).Select(r => r.Append(new SensorValue("door", 0)).ToArray()).ToArray();
        var detector = new MachineDetector();
        MachineSignals.Run(detector, rows[..300]);

        var verdict = detector.Observe(Signals.At(300), MachineSignals.With(rows[300], "door", 1));

        Assert.True(double.IsFinite(verdict.Statistic));
        Assert.True(verdict.Contributions.All(c => double.IsFinite(c.Deviation) && double.IsFinite(c.Share)));
        var door = verdict.Contributions.Single(c => c.SensorId == "door");
        Assert.InRange(Math.Abs(door.Deviation), 0.5, 5); // one unit on a constant integer sensor: about 2 spreads, not 1e9
        Assert.True(verdict.Severity < Severity.Critical, $"{verdict.Severity}");
    }

    [Fact]
    public void Observe_ConstantSensorMovesFarBeyondItsResolution_Critical()
    {
        var rows = MachineSignals.Machine(400, seed: 4).Select(r => r.Append(new SensorValue("door", 0)).ToArray()).ToArray();
        var detector = new MachineDetector();
        MachineSignals.Run(detector, rows[..300]);

        var verdict = detector.Observe(Signals.At(300), MachineSignals.With(rows[300], "door", 40));

        Assert.Equal(Severity.Critical, verdict.Severity);
        Assert.Equal("door", verdict.Top!.SensorId);
    }

    [Fact]
    public void Observe_SensorsInDifferentScales_FaultOnTinyScaleSensorFoundAndAttributed()
    {
        // Vibration is in thousandths of g, flow in hundreds of l/min: a shift of 5 sd on vibration must show.
        var rows = MachineSignals.Machine(420, seed: 5);
        var detector = new MachineDetector();
        var verdicts = MachineSignals.Run(detector, rows[..300]).ToList();
        for (var i = 300; i < 420; i++)
        {
            var row = rows[i];
            verdicts.Add(detector.Observe(Signals.At(i), MachineSignals.With(row, "vibration", row[2].Value + 0.0012)));
        }

        Assert.All(verdicts[300..], v => Assert.True(v.Severity >= Severity.Medium, $"{v.Severity} p {v.PValue}"));
        Assert.All(verdicts[300..], v => Assert.Equal("vibration", v.Top!.SensorId));
        Assert.All(verdicts[300..], v => Assert.Equal(1.0, v.Contributions.Sum(c => c.Share), 9));
    }

    [Fact]
    public void Observe_BrokenCorrelation_FoundThoughEachSensorInItsRange()
    {
        // Temperature up 2 sd with vibration down 2 sd: each value is ordinary alone, together they are not (the
        // two follow each other with correlation 0.97 in the baseline).
        var rows = MachineSignals.Machine(360, seed: 6);
        var detector = new MachineDetector();
        MachineSignals.Run(detector, rows[..300]);
        var found = 0;
        for (var i = 300; i < 360; i++)
        {
            var row = MachineSignals.With(MachineSignals.With(rows[i], "temperature", 61.0), "vibration", 0.0016);
            found += detector.Observe(Signals.At(i), row).Severity >= Severity.Low ? 1 : 0;
        }

        Assert.True(found >= 54, $"found {found} of 60");
    }

    [Fact]
    public void Observe_MissingChannels_KeepLastValues()
    {
        var rows = MachineSignals.Machine(400, seed: 7);
        var full = new MachineDetector();
        var partial = new MachineDetector();
        MachineSignals.Run(full, rows[..300]);
        MachineSignals.Run(partial, rows[..300]);

        // The partial machine gets only the temperature; the others repeat their last values.
        var last = rows[299];
        for (var i = 300; i < 320; i++)
        {
            var complete = MachineSignals.With(last, "temperature", rows[i][0].Value);
            var a = full.Observe(Signals.At(i), complete);
            var b = partial.Observe(Signals.At(i), [rows[i][0] with { Value = rows[i][0].Value }]);
            Assert.Equal(a.Statistic, b.Statistic, 12);
            Assert.Equal(a.PValue, b.PValue, 12);
            Assert.Equal(a.Top!.SensorId, b.Top!.SensorId);
        }
    }

    [Fact]
    public void Observe_LateChannel_JudgedOnceItHasABaselineOfItsOwn()
    {
        var rows = MachineSignals.Machine(800, seed: 8);
        var detector = new MachineDetector();
        MachineSignals.Run(detector, rows[..300].Select(r => r[..3]));
        Assert.Equal(["temperature", "pressure", "vibration"], detector.JudgedSensors);

        MachineSignals.Run(detector, rows[300..599]);
        Assert.DoesNotContain("flow", detector.JudgedSensors);

        detector.Observe(Signals.At(599), rows[599]);
        Assert.Contains("flow", detector.JudgedSensors);

        var verdict = detector.Observe(Signals.At(600), MachineSignals.With(rows[600], "flow", 400));
        Assert.Equal("flow", verdict.Top!.SensorId);
        Assert.True(verdict.Severity >= Severity.High);
    }

    [Fact]
    public void Observe_NonFiniteValues_IgnoredKeepingLastValue()
    {
        var rows = MachineSignals.Machine(320, seed: 9);
        var detector = new MachineDetector();
        MachineSignals.Run(detector, rows[..300]);

        var verdict = detector.Observe(Signals.At(300), MachineSignals.With(rows[299], "flow", double.NaN));
        var again = new MachineDetector();
        MachineSignals.Run(again, rows[..300]);

        Assert.Equal(again.Observe(Signals.At(300), rows[299]).Statistic, verdict.Statistic, 12);
    }

    [Fact]
    public void Observe_UnivariateMachine_SpikeHighQuietNormal()
    {
        var values = Signals.Noise(600, level: 20, sigma: 2, seed: 10);
        values[500] = 40;
        var detector = new MachineDetector();
        var verdicts = values.Select((v, i) => detector.Observe(Signals.At(i), [new SensorValue("current", v)])).ToArray();

        Assert.True(verdicts[500].Severity >= Severity.High, $"{verdicts[500].Severity}");
        Assert.Equal("current", verdicts[500].Top!.SensorId);
        Assert.Equal(1.0, verdicts[500].Top!.Share, 12);
        Assert.True(verdicts[300..500].Count(v => v.Severity >= Severity.Medium) <= 1);
    }

    [Fact]
    public void Rebaseline_NewOperatingPoint_LearnedThenNormal()
    {
        var rows = MachineSignals.Machine(300, seed: 11);
        var detector = new MachineDetector();
        MachineSignals.Run(detector, rows);
        var moved = MachineSignals.Machine(700, seed: 12).Select(r => MachineSignals.With(r, "temperature", r[0].Value + 10)).ToArray();

        Assert.True(detector.Observe(Signals.At(300), moved[0]).Severity >= Severity.High);

        detector.Rebaseline();
        Assert.True(detector.WarmingUp);
        var verdicts = MachineSignals.Run(detector, moved[1..]);

        Assert.All(verdicts[..300], v => Assert.True(v.WarmingUp));
        Assert.True(verdicts[300..].Count(v => v.Severity >= Severity.Medium) <= 2);
    }

    [Fact]
    public void Observe_GaussianNormalData_FalseAlarmRatesWithinBudgets()
    {
        // Independent Gaussian sensors: the levels' false-alarm rates per observation must stay near their budgets.
        // Calibration from 300 points has sampling error, so the bound is generous (3x Low's budget, and Medium
        // at most Low's budget), yet an uncalibrated threshold (e.g. a fixed z of 3 on any of 6 sensors, ~1.6 %
        // of observations) fails it. 20 machines x 20,000 observations, fixed seeds.
        var options = new MachineDetectorOptions();
        long observations = 0, low = 0, medium = 0;
        for (var machine = 0; machine < 20; machine++)
        {
            var random = new Random(100 + machine);
            var detector = new MachineDetector(options);
            for (var i = 0; i < 20_300; i++)
            {
                var row = Enumerable.Range(0, 6).Select(s => new SensorValue($"s{s}", (s * 100) + ((s + 1) * MachineSignals.Gaussian(random)))).ToArray();
                var verdict = detector.Observe(Signals.At(i), row);
                if (!verdict.WarmingUp)
                {
                    observations++;
                    low += verdict.Severity >= Severity.Low ? 1 : 0;
                    medium += verdict.Severity >= Severity.Medium ? 1 : 0;
                }
            }
        }

        var lowRate = (double)low / observations;
        var mediumRate = (double)medium / observations;
        Assert.True(lowRate <= 3 * options.LowBudget, $"Low rate {lowRate:E2} vs budget {options.LowBudget:E2}");
        Assert.True(mediumRate <= options.LowBudget, $"Medium rate {mediumRate:E2} vs budget {options.MediumBudget:E2}");
    }
}
