using SmartMaintenance.Cloud.Detection.Sequence;

namespace SmartMaintenance.Cloud.Detection.Tests.Sequence;

public sealed class ContextKnnDetectorTests
{
    // Small windows keep the tests fast; the shape of the algorithm is the same as with the defaults.
    private static readonly ContextKnnOptions Small = new()
    {
        ContextLength = 8, ReferenceSize = 200, CalibrationSize = 300, WarmupSamples = 100, HoldOffSamples = 0,
    };

    private static double[] Sine(int count, int seed = 1) =>
        Signals.Noise(count, level: 0, sigma: 0.02, seed: seed).Select((n, i) => Math.Sin(2 * Math.PI * i / 50) + n).ToArray();

    [Fact]
    public void Score_BrokenPatternInsideRange_ScoresAboveEveryNormalContext()
    {
        // A periodic signal whose shape breaks for 10 samples (flat at 0) without leaving its range.
        var values = Sine(1500);
        for (int i = 1200; i < 1210; i++) values[i] = 0;
        var results = Signals.Run(new ContextKnnDetector(Small), values);

        double anomaly = results.Skip(1200).Take(20).Max(r => r.Score);
        double normal = results.Skip(400).Take(700).Max(r => r.Score);
        Assert.True(anomaly > 0.99 && anomaly > normal, $"anomaly {anomaly}, normal max {normal}");
    }

    [Fact]
    public void Score_NewExtreme_ScoresOne()
    {
        var values = Sine(600);
        values[500] = 5;
        var results = Signals.Run(new ContextKnnDetector(Small), values);

        Assert.Equal(1.0, results[500].Score);
        Assert.True(results.Skip(200).Take(290).Max(r => r.Score) < 1.0);
    }

    [Fact]
    public void Surprise_ContextFarBeyondCalibration_HighElseBelowHalf()
    {
        var values = Sine(600);
        values[500] = 5; // one context far from every neighbour
        var detector = new ContextKnnDetector(Small);
        var surprise = values.Select((v, i) => { detector.Score(Signals.At(i), v); return detector.Surprise; }).ToArray();

        Assert.InRange(surprise[500], 0.85, 1.0);
        Assert.True(surprise.Take(Small.WarmupSamples).All(s => s == 0));
        Assert.True(surprise.Skip(200).Take(290).Max() < 0.7);
    }

    [Fact]
    public void Score_SameInput_SameScores()
    {
        var values = Sine(800, seed: 7);
        var first = Signals.Run(new ContextKnnDetector(Small), values).Select(r => r.Score).ToArray();
        var second = Signals.Run(new ContextKnnDetector(Small), values).Select(r => r.Score).ToArray();

        Assert.Equal(first, second);
        Assert.Contains(first, s => s > 0);
    }

    [Fact]
    public void Score_AfterAlert_HoldOffDampsFollowingScores()
    {
        var values = Sine(700);
        values[500] = 5;
        values[520] = 6;
        var damped = Signals.Run(new ContextKnnDetector(Small with { HoldOffSamples = 50, HoldOffFactor = 0.5 }), values);

        Assert.Equal(1.0, damped[500].Score);
        Assert.Equal(0.5, damped[520].Score);
    }

    [Fact]
    public void Score_WarmupAndNaN_NotJudged()
    {
        var detector = new ContextKnnDetector(Small);
        var results = Signals.Run(detector, Sine(100));

        Assert.All(results, r => Assert.True(r.Evidence.WarmingUp));
        Assert.True(detector.Score(Signals.At(100), double.NaN).Evidence.WarmingUp);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingEveryProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => new ContextKnnDetector(new ContextKnnOptions { Neighbours = 0, AlertAt = 2 }));

        Assert.Contains("Neighbours", e.Message);
        Assert.Contains("AlertAt", e.Message);
    }
}
