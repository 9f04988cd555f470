using SmartMaintenance.Nab.Corpus;
using SmartMaintenance.Nab.Scoring;

namespace SmartMaintenance.Cloud.Detection.Tests.Nab;

public sealed class NabScorerTests
{
    private static readonly NabProfile Standard = new("standard", 1.0, 0.11, 1.0);

    // 200 rows: probation = 30; windows [100, 119] and [150, 159].
    private static NabSeries Series() => new("test/file.csv",
        Enumerable.Range(0, 200).Select(i => i.ToString()).ToArray(), [], new double[200], [new(100, 119), new(150, 159)]);

    [Theory]
    [InlineData(-1.0, 0.98661429815)]
    [InlineData(-0.5, 0.84828363995)]
    [InlineData(0.0, 0.0)]
    [InlineData(1.0, -0.98661429815)]
    [InlineData(3.0, -1.0)]
    public void ScaledSigmoid_KnownPositions_NabValues(double y, double expected) =>
        Assert.Equal(expected, ScaledSigmoid.Of(y), 10);

    [Fact]
    public void Score_DetectionAtWindowStart_FullTruePositive()
    {
        var scores = new double[200];
        scores[100] = 1;
        scores[110] = 1; // later detection in the same window adds nothing

        var result = NabFileScorer.Score(Series(), scores, Standard, 0.5);

        Assert.Equal(1.0 - 1.0, result.Score, 12); // window 1 = +1, window 2 missed = -1
        Assert.Equal(1.0, result.RowScores[100], 12);
        Assert.Equal(-1.0, result.RowScores[150]);
        Assert.Equal((2, 28, 0), (result.Tp, result.Fn, result.Fp));
    }

    [Fact]
    public void Score_FalsePositives_BeforeAndAfterWindow()
    {
        var scores = new double[200];
        scores[10] = 1; // probation: ignored
        scores[50] = 1; // before any window: -A_FP
        scores[129] = 1; // 10 rows after the first window's end: A_FP · s(10 / 19)

        var result = NabFileScorer.Score(Series(), scores, Standard, 0.5);

        Assert.Equal(-0.11, result.RowScores[50], 12);
        Assert.Equal(0.11 * ScaledSigmoid.Of(10 / 19.0), result.RowScores[129], 12);
        Assert.Equal(0, result.RowScores[10]);
        Assert.Equal(-0.11 + 0.11 * ScaledSigmoid.Of(10 / 19.0) - 2, result.Score, 12);
    }

    [Fact]
    public void Optimise_TwoThresholds_PicksTheBetter()
    {
        // 0.9 at the window start (TP), 0.8 on a far FP: best threshold is 0.9, score 1 (window 1) - 1 (window 2).
        var scores = new double[200];
        scores[100] = 0.9;
        scores[60] = 0.8;
        var sweep = NabSweep.Rows(Series(), scores);

        var best = ThresholdOptimizer.Optimise([sweep], Standard);
        var all = ThresholdOptimizer.Sweep([sweep], Standard);

        Assert.Equal(0.9, best.Threshold);
        Assert.Equal(0.0, best.Score, 12);
        Assert.Equal([1.1, 0.9, 0.8, 0.0], all.Select(s => s.Threshold));
        Assert.Equal(-0.11, all[2].Score, 12);
    }
}
