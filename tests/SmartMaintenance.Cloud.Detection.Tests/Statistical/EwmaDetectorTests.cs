using SmartMaintenance.Cloud.Detection.Statistical;

namespace SmartMaintenance.Cloud.Detection.Tests.Statistical;

public sealed class EwmaDetectorTests
{
    [Fact]
    public void Score_Spike_ScoresHighWithZAboutTen()
    {
        var values = Signals.Noise(600);
        values[550] = 20;
        var results = Signals.Run(new EwmaDetector(), values);

        Assert.True(results[550].Score > 0.85);
        Assert.InRange(results[550].Evidence.Statistic, 7, 13);
        Assert.True(results.Skip(100).Take(440).Max(r => r.Score) < 0.7);
    }

    [Fact]
    public void Score_Drift_ScoreRisesAsLevelLeavesBaseline()
    {
        // Flat for 400 samples, then a ramp of 0.5 σ per sample: clipped updates let the chart lag, so z grows within 40 samples.
        var values = Signals.Noise(600).Select((v, i) => i >= 400 ? v + 0.5 * (i - 400) : v).ToArray();
        var results = Signals.Run(new EwmaDetector(), values);

        double drift = results.Skip(400).Take(40).Max(r => r.Score);
        double before = results.Skip(100).Take(300).Max(r => r.Score);
        Assert.True(drift > 0.8 && before < 0.7, $"drift {drift}, before {before}");
    }

    [Fact]
    public void Score_ConstantSignal_ZeroScores()
    {
        var results = Signals.Run(new EwmaDetector(), Enumerable.Repeat(3.0, 300).ToArray());

        Assert.Equal(0, results.Max(r => r.Score));
    }

    [Fact]
    public void Score_WarmupSamples_NotJudged()
    {
        var results = Signals.Run(new EwmaDetector(new EwmaOptions { WarmupSamples = 10 }), Signals.Noise(11));

        Assert.All(results.Take(10), r => Assert.True(r.Evidence.WarmingUp));
        Assert.False(results[10].Evidence.WarmingUp);
    }
}
