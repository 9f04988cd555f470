using SmartMaintenance.Cloud.Detection.Drift;

namespace SmartMaintenance.Cloud.Detection.Tests.Drift;

public sealed class KolmogorovSmirnovTests
{
    // Critical values of the Kolmogorov distribution (Smirnov 1948; the usual table: 1.22, 1.36, 1.63).
    [Theory]
    [InlineData(1.2238, 0.10)]
    [InlineData(1.3581, 0.05)]
    [InlineData(1.6276, 0.01)]
    [InlineData(1.9495, 0.001)]
    public void KolmogorovTail_TableCriticalValue_GivesItsLevel(double lambda, double p) =>
        Assert.Equal(p, KolmogorovSmirnov.KolmogorovTail(lambda), 4);

    [Fact]
    public void TwoSample_HandExample_StatisticAndPValue()
    {
        // F_a - F_b is largest at x = 2 (and 4): 2/4 - 0 = 0.5; λ = 0.5 · √(4·4/8) = 0.7071.
        var result = KolmogorovSmirnov.TwoSample([1, 2, 3, 4], [3, 4, 5, 6]);

        Assert.Equal(0.5, result.Statistic, 12);
        Assert.Equal(KolmogorovSmirnov.KolmogorovTail(0.5 * Math.Sqrt(2)), result.PValue, 12);
        Assert.Equal(0.6993, result.PValue, 3); // Q_KS(0.7071)
    }

    [Fact]
    public void TwoSample_SameSample_ZeroAndOne()
    {
        var a = Signals.Noise(200);
        var result = KolmogorovSmirnov.TwoSample(a, a);

        Assert.Equal(0, result.Statistic);
        Assert.Equal(1, result.PValue);
    }

    [Fact]
    public void TwoSample_ShiftedBySigma_Rejects()
    {
        var result = KolmogorovSmirnov.TwoSample(Signals.Noise(500, seed: 1), Signals.Noise(500, level: 11, seed: 2));

        Assert.True(result.Statistic > 0.3);
        Assert.True(result.PValue < 1e-10);
    }

    [Fact]
    public void TwoSample_SameDistribution_DoesNotReject()
    {
        var result = KolmogorovSmirnov.TwoSample(Signals.Noise(500, seed: 1), Signals.Noise(500, seed: 2));

        Assert.True(result.PValue > 0.05, $"p = {result.PValue}");
    }

    [Fact]
    public void TwoSample_Ties_StepsPastAllCopies()
    {
        var result = KolmogorovSmirnov.TwoSample([1, 1, 1, 2], [1, 2, 2, 2]);

        Assert.Equal(0.5, result.Statistic, 12); // at x = 1: 3/4 - 1/4
    }
}
