using SmartMaintenance.Cloud.Detection.Ml;

namespace SmartMaintenance.Cloud.Detection.Tests.Ml;

public sealed class IsolationForestDetectorTests
{
    [Fact]
    public void Score_SpikeAfterTraining_ScoresAboveEveryNormalSample()
    {
        var values = Signals.Noise(1200, seed: 9);
        values[1100] = 25;
        var results = Signals.Run(new IsolationForestDetector(), values);

        double normalMax = results.Skip(400).Take(600).Max(r => r.Score);
        Assert.True(results[1100].Score > normalMax, $"spike {results[1100].Score} vs normal max {normalMax}");
        Assert.True(results[1100].Score > 0.7);
    }

    [Fact]
    public void Score_SameSeed_SameScores()
    {
        var values = Signals.Noise(1500, seed: 4);

        var first = Signals.Run(new IsolationForestDetector(new IsolationForestOptions { Seed = 3 }), values).Select(r => r.Score);
        var second = Signals.Run(new IsolationForestDetector(new IsolationForestOptions { Seed = 3 }), values).Select(r => r.Score);
        var other = Signals.Run(new IsolationForestDetector(new IsolationForestOptions { Seed = 4 }), values).Select(r => r.Score);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Score_BeforeTraining_NotJudged()
    {
        var results = Signals.Run(new IsolationForestDetector(), Signals.Noise(100));

        Assert.All(results, r => Assert.Equal(0, r.Score));
    }
}
