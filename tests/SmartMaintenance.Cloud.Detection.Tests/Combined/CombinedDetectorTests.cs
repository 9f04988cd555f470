using SmartMaintenance.Cloud.Detection.Combined;

namespace SmartMaintenance.Cloud.Detection.Tests.Combined;

public sealed class CombinedDetectorTests
{
    private static CombinedResult[] Run(CombinedDetector detector, double[] values) =>
        values.Select((v, i) => detector.Evaluate(Signals.At(i), v)).ToArray();

    [Fact]
    public void Evaluate_Spike_HighOrCriticalWithComponents()
    {
        var values = Signals.Noise(900);
        values[800] = 30;
        var results = Run(new CombinedDetector(), values);

        Assert.True(results[800].Severity >= Severity.High, $"severity {results[800].Severity}");
        Assert.Equal(4, results[800].Components.Count);
        Assert.NotEqual("none", results[800].DrivenBy);
    }

    [Fact]
    public void Evaluate_Noise_MostlyNoSeverity()
    {
        var results = Run(new CombinedDetector(), Signals.Noise(900));

        Assert.True(results.Count(r => r.Severity >= Severity.High) <= 5);
    }

    [Fact]
    public void Evaluate_ConstantSignal_NoneEverywhere()
    {
        var results = Run(new CombinedDetector(), Enumerable.Repeat(1.0, 700).ToArray());

        Assert.All(results, r => Assert.Equal(Severity.None, r.Severity));
    }

    [Fact]
    public void Evaluate_RepeatWithinHoldOff_Damped()
    {
        var values = Signals.Noise(900);
        values[700] = 30;
        values[720] = 25; // smaller, within the hold-off of the first
        var held = Run(new CombinedDetector(new CombinedOptions { HoldOffSamples = 100 }), values);
        var free = Run(new CombinedDetector(new CombinedOptions { HoldOffSamples = 0 }), values);

        Assert.Equal(free[700].Score, held[700].Score);
        Assert.Equal(free[720].Score * 0.5, held[720].Score, 12);
    }

    [Theory]
    [InlineData(0.2, Severity.None)]
    [InlineData(0.6, Severity.Low)]
    [InlineData(0.75, Severity.Medium)]
    [InlineData(0.9, Severity.High)]
    [InlineData(0.97, Severity.Critical)]
    public void SeverityOf_Score_Band(double score, Severity expected) =>
        Assert.Equal(expected, new CombinedDetector(new CombinedOptions { UseForest = false }).SeverityOf(score));
}
