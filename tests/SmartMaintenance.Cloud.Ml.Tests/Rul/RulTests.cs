using SmartMaintenance.Cloud.Ml.Rul;
using SmartMaintenance.Cloud.Ml.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Ml.Tests.Rul;

public sealed class RulTests
{
    [Fact]
    public void Loader_ReadsFd001WithItsTrueRul()
    {
        Assert.Equal(100, SmallRulModel.Train.Count);
        Assert.Equal(100, SmallRulModel.Test.Count);
        Assert.Equal(20_631, SmallRulModel.Train.Sum(e => e.Cycles));
        Assert.Equal(13_096, SmallRulModel.Test.Sum(e => e.Cycles));
        Assert.Equal(112, SmallRulModel.Test[0].TrueRul);
        Assert.All(SmallRulModel.Train, e => Assert.Null(e.TrueRul));
        Assert.All(SmallRulModel.Train, e => Assert.All(e.Sensors, s => Assert.Equal(CmapssLoader.SensorCount, s.Length)));
    }

    [Fact]
    public void Loader_ModifiedFile_IsRefusedBySha256()
    {
        using var temp = new TempFolder("sm-ml-");
        var folder = temp.Path;
        foreach (var f in new[] { "train_FD001.txt", "test_FD001.txt", "RUL_FD001.txt" })
        {
            File.Copy(Path.Combine(CmapssLoader.DefaultFolder, f), Path.Combine(folder, f));
        }

        File.AppendAllText(Path.Combine(folder, "RUL_FD001.txt"), "7\n");

        var e = Assert.Throws<CmapssDataException>(() => CmapssLoader.LoadFd001(folder));
        Assert.Contains("RUL_FD001.txt", e.Message);
    }

    [Fact]
    public void Features_UseOnlyTheHistoryUpToTheScoredCycle()
    {
        var engine = SmallRulModel.Train[0];
        var before = RulFeatures.Build(engine.Sensors, 50);
        var altered = engine.Sensors.Select((s, i) => i >= 50 ? s.Select(v => v * 3).ToArray() : s).ToList();

        Assert.Equal(before, RulFeatures.Build(altered, 50));
        Assert.Equal(RulFeatures.Count, RulFeatures.Names.Count);
        Assert.Equal(50f, before[^1]);
    }

    [Fact]
    public void Phm08_PenalisesLateMoreThanEarly()
    {
        Assert.Equal(Math.Exp(1) - 1, RulReport.Phm08([(20, 10)]), 9);
        Assert.Equal(Math.Exp(10 / 13.0) - 1, RulReport.Phm08([(0, 10)]), 9);
        Assert.True(RulReport.Phm08([(20, 10)]) > RulReport.Phm08([(0, 10)]));
        Assert.Equal(0, RulReport.Phm08([(10, 10)]));
    }

    [Fact]
    public void TrainAndEvaluate_BeatsPredictingTheMeanOnTheTestEngines()
    {
        var report = SmallRulModel.Report;
        var mean = SmallRulModel.Test.Average(e => Math.Min(125, e.TrueRul!.Value));
        var constantRmse = Math.Sqrt(SmallRulModel.Test.Average(e => Math.Pow(Math.Min(125, e.TrueRul!.Value) - mean, 2)));

        Assert.Equal(100, report.Test.Count);
        Assert.True(report.RmseCapped < constantRmse * 0.6, $"RMSE {report.RmseCapped:F2} against {constantRmse:F2} for the constant {mean:F1}");
        Assert.All(report.Test, r => Assert.InRange(r.Predicted, 0, 125));
        Assert.All(report.Test, r => Assert.True(r.Low <= r.Predicted && r.Predicted <= r.High, $"engine {r.Unit}: {r.Low} <= {r.Predicted} <= {r.High}"));
        Assert.InRange(report.IntervalCoverage, 0.5, 1.0);
    }

    [Fact]
    public void Model_RoundTripsThroughBytes_WithTheSameEstimate()
    {
        var engine = SmallRulModel.Test[30];
        var loaded = RulModel.FromBytes(SmallRulModel.Model.ToBytes());

        var a = SmallRulModel.Model.Predict(engine.Sensors, "m", 1);
        var b = loaded.Predict(engine.Sensors, "m", 1);

        Assert.Equal(a, b);
        Assert.Equal(SmallRulModel.Report.Test[30].Predicted, a.Rul, 3);
    }

    [Fact]
    public void Applicability_OnlyForMachinesWithTheTurbofanSensors()
    {
        var fleet = RulApplicability.For(["vibration", "temperature", "current", "pressure"]);
        var turbofan = RulApplicability.For(Enumerable.Range(1, 21).Select(i => "cmapss.s" + i));

        Assert.False(fleet.Applies);
        Assert.Equal(14, fleet.MissingSensors.Count);
        Assert.True(turbofan.Applies);
        Assert.Empty(turbofan.MissingSensors);
    }
}
