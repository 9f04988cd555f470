using SmartMaintenance.Cloud.Ml.Evaluation;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Tests.Evaluation;

public sealed class MetricsTests
{
    // Worked by hand: scores 0.9 (+), 0.8 (-), 0.7 (+), 0.1 (-).
    private static readonly bool[] Labels = [true, false, true, false];
    private static readonly float[] Scores = [0.9f, 0.8f, 0.7f, 0.1f];

    [Fact]
    public void RocAuc_HandExample_IsThreeQuarters()
    {
        // Positive-negative pairs ranked right: (0.9>0.8), (0.9>0.1), (0.7>0.1); wrong: (0.7<0.8) -> 3/4.
        Assert.Equal(0.75, BinaryMetrics.RocAucOf(Labels, Scores), 10);
    }

    [Fact]
    public void AveragePrecision_HandExample_IsMeanPrecisionAtPositives()
    {
        // Precision at rank 1 = 1, at rank 3 = 2/3 -> (1 + 2/3) / 2.
        Assert.Equal((1 + 2.0 / 3) / 2, BinaryMetrics.AveragePrecision(Labels, Scores), 10);
    }

    [Fact]
    public void Compute_AtThreshold_CountsTheConfusionMatrix()
    {
        var m = BinaryMetrics.Compute(Labels, Scores, 0.75);

        Assert.Equal((1, 1, 1, 1), (m.TruePositives, m.FalsePositives, m.TrueNegatives, m.FalseNegatives));
        Assert.Equal(0.5, m.F1, 10);
    }

    [Fact]
    public void BestF1Threshold_SeparableScores_SplitsTheClasses()
    {
        var threshold = ThresholdTuner.BestF1Threshold([false, true, false, true], [0.2f, 0.9f, 0.3f, 0.6f]);

        Assert.InRange(threshold, 0.3 + 1e-6, 0.6);
        Assert.Equal(1.0, BinaryMetrics.Compute([false, true, false, true], [0.2f, 0.9f, 0.3f, 0.6f], threshold).F1);
    }

    [Fact]
    public void MacroF1_PerfectExceptOneClass_AveragesPerClassF1()
    {
        var m = ModeMetrics.Compute([0, 0, 1, 2], [0, 0, 1, 1], 3);

        Assert.Equal(0, m.Recall[2]);
        Assert.Equal((1 + 2.0 / 3 + 0) / 3, m.MacroF1, 10);
    }
}
