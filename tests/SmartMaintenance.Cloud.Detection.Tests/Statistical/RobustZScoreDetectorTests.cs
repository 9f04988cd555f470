using SmartMaintenance.Cloud.Detection.Statistical;

namespace SmartMaintenance.Cloud.Detection.Tests.Statistical;

public sealed class RobustZScoreDetectorTests
{
    [Fact]
    public void Score_SpikeInNoise_SpikeScoresHighAndNoiseLow()
    {
        var values = Signals.Noise(600);
        values[500] = 20; // +10 σ
        var results = Signals.Run(new RobustZScoreDetector(), values);

        Assert.True(results[500].Score > 0.85, $"spike scored {results[500].Score}");
        Assert.InRange(results[500].Evidence.Statistic, 8, 12);
        Assert.True(results.Skip(100).Take(400).Max(r => r.Score) < 0.6);
    }

    [Fact]
    public void Score_Step_FirstSampleAfterStepScoresHigh()
    {
        var values = Signals.Noise(400).Select((v, i) => i >= 300 ? v + 8 : v).ToArray();
        var results = Signals.Run(new RobustZScoreDetector(), values);

        Assert.True(results[300].Score > 0.8);
        Assert.True(results[299].Score < 0.6);
    }

    [Fact]
    public void Score_ConstantSignal_FiniteAndZero()
    {
        var results = Signals.Run(new RobustZScoreDetector(), Enumerable.Repeat(5.0, 200).ToArray());

        Assert.All(results, r => Assert.True(double.IsFinite(r.Score)));
        Assert.Equal(0, results.Max(r => r.Score));
    }

    [Fact]
    public void Score_ConstantThenChange_ChangeScoresHigh()
    {
        var values = Enumerable.Repeat(5.0, 200).Append(6.0).ToArray();
        var results = Signals.Run(new RobustZScoreDetector(), values);

        Assert.True(results[^1].Score > 0.99);
    }

    [Fact]
    public void Score_MedianEvidence_MatchesWindowMedian()
    {
        var detector = new RobustZScoreDetector(new RobustZScoreOptions { WindowSize = 8, MinSamples = 5 });
        foreach (var (v, i) in new[] { 1.0, 9, 3, 7, 5 }.Select((v, i) => (v, i)))
        {
            detector.Score(Signals.At(i), v);
        }

        var result = detector.Score(Signals.At(5), 100);

        Assert.Equal(5, result.Evidence.Center); // median of 1, 3, 5, 7, 9
        Assert.Equal(2 * 1.482602218505602, result.Evidence.Spread, 9); // MAD of 1..9 step 2 is 2
    }

    [Fact]
    public void Score_NaN_NotJudged()
    {
        var result = new RobustZScoreDetector().Score(Signals.Epoch, double.NaN);

        Assert.Equal(0, result.Score);
        Assert.True(result.Evidence.WarmingUp);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithAllErrors()
    {
        var error = Assert.Throws<ArgumentException>(() => new RobustZScoreDetector(new RobustZScoreOptions { WindowSize = 2, HalfScoreZ = 0 }));

        Assert.Contains("WindowSize", error.Message);
        Assert.Contains("HalfScoreZ", error.Message);
    }
}
