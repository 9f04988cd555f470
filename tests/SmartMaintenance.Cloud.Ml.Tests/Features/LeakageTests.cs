using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Features;
using SmartMaintenance.Cloud.Ml.Tests.Support;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Tests.Features;

/// <summary>The failure-mode flags restate the label: they must never reach the model.</summary>
public sealed class LeakageTests
{
    private static readonly string[] ModeColumns = ["TWF", "HDF", "PWF", "OSF", "RNF", "Machine_failure", "Machine failure"];

    [Fact]
    public void FeatureNames_NeverIncludeFailureModeColumns()
    {
        foreach (var name in FeatureBuilder.Names)
        {
            Assert.DoesNotContain(ModeColumns, c => name.Contains(c, StringComparison.OrdinalIgnoreCase));
        }

        Assert.Equal(FeatureBuilder.Count, FeatureBuilder.Names.Count);
    }

    [Fact]
    public void MachineReading_TheOnlyFeatureInput_CarriesNoLabelColumn()
    {
        var properties = typeof(MachineReading).GetProperties().Select(p => p.Name).ToList();

        Assert.Equal(["Type", "AirTemperatureK", "ProcessTemperatureK", "RotationalSpeedRpm", "TorqueNm", "ToolWearMin"], properties);
    }

    [Fact]
    public void Features_OfTwoRowsWithSameReadingButDifferentLabels_AreEqual()
    {
        var failed = SmallModel.FullData.Rows.First(r => r.Osf);
        var relabelled = failed with { MachineFailure = false, Osf = false };

        Assert.Equal(FeatureBuilder.Build(failed.Reading), FeatureBuilder.Build(relabelled.Reading));
    }

    /// <summary>
    /// With the labels shuffled, nothing in the inputs predicts them: a protocol that leaked labels into
    /// features or folds would still score well here.
    /// </summary>
    [Fact]
    public void CrossValidation_ShuffledLabels_ScoresNearChance()
    {
        var random = new Random(3);
        var rows = SmallModel.Data.Rows;
        var labels = rows.Select(r => r.MachineFailure).OrderBy(_ => random.Next()).ToArray();
        var shuffled = new Ai4iDataset(rows.Select((r, i) => r with { MachineFailure = labels[i], Twf = false, Hdf = false, Pwf = false, Osf = false, Rnf = false }).ToList(), "shuffled");

        var report = new CrossValidator(SmallModel.Options).Run(shuffled);

        Assert.InRange(report.RocAuc.Mean, 0.3, 0.7);
        Assert.True(SmallModel.Report.RocAuc.Mean > 0.85, $"the real labels are learnable (ROC-AUC {SmallModel.Report.RocAuc.Mean:F3}); otherwise this test proves nothing");
    }

    [Fact]
    public void MechanicalPower_IsTorqueTimesAngularSpeed()
    {
        var v = FeatureBuilder.Build(new MachineReading('M', 300, 310, 1500, 40, 100));

        Assert.Equal(40 * 1500 * 2 * Math.PI / 60, v[8], 2);
        Assert.Equal(10f, v[5], 3);
        Assert.Equal(4000f, v[10]);
        Assert.Equal([0f, 1f, 0f], v[..3]);
    }

    [Fact]
    public void Margins_AreDistancesToTheGeneratorsPhysicalLimits()
    {
        // M type: overstrain limit 12,000 min·Nm; 100 min x 40 Nm = 4,000, so 8,000 to go. Power 6,283 W: 2,783 W above the
        // 3,500 W floor, 2,717 W below the 9,000 W ceiling (the nearer edge). ΔT 10 K: 1.4 K above 8.6 K; 120 rpm above 1,380.
        var v = FeatureBuilder.Build(new MachineReading('M', 300, 310, 1500, 40, 100));

        Assert.Equal(1.4f, v[11], 3);
        Assert.Equal(120f, v[12]);
        Assert.Equal(Math.Max(1.4 / 8.6, 120.0 / 1380), v[13], 4);
        Assert.Equal(9000 - 40 * 1500 * 2 * Math.PI / 60, v[14], 1);
        Assert.Equal(8000f, v[15]);
        Assert.Equal(11_000f - 4000f, FeatureBuilder.Build(new MachineReading('L', 300, 310, 1500, 40, 100))[15]);
        Assert.Equal(13_000f - 4000f, FeatureBuilder.Build(new MachineReading('H', 300, 310, 1500, 40, 100))[15]);
    }

    [Fact]
    public void Margins_AreNegativePastEachLimit()
    {
        var hot = FeatureBuilder.Build(new MachineReading('L', 302, 310, 1300, 40, 10)); // ΔT 8 K and 1,300 rpm: heat dissipation
        var overstrained = FeatureBuilder.Build(new MachineReading('L', 300, 310, 1500, 60, 200)); // 12,000 > 11,000 min·Nm

        Assert.True(hot[13] < 0);
        Assert.True(FeatureBuilder.Build(SmallModel.PowerFailure)[14] < 0);
        Assert.True(overstrained[15] < 0);
        Assert.True(FeatureBuilder.Build(SmallModel.Normal)[13] > 0 && FeatureBuilder.Build(SmallModel.Normal)[14] > 0 && FeatureBuilder.Build(SmallModel.Normal)[15] > 0);
    }
}
