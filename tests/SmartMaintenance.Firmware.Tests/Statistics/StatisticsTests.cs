using SmartMaintenance.Firmware.Core.Numerics;
using SmartMaintenance.Firmware.Core.Statistics;

namespace SmartMaintenance.Firmware.Tests.Statistics;

public sealed class StatisticsTests
{
    private static float[] Samples(int n, int seed, double mean, double sd)
    {
        var random = new Random(seed);
        var values = new float[n];
        for (var i = 0; i < n; i++)
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[i] = (float)(mean + sd * gaussian);
        }

        return values;
    }

    private static (double Mean, double Sd) TwoPass(float[] values)
    {
        var mean = values.Average(v => (double)v);
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return (mean, Math.Sqrt(variance));
    }

    [Fact]
    public void RunningStats_WithoutForgetting_EqualsTwoPassMeanAndStd()
    {
        var values = Samples(5000, 1, 300, 2);
        var stats = new RunningStats(0f);

        foreach (var v in values)
        {
            stats.Add(v);
        }

        var (mean, sd) = TwoPass(values);
        Assert.Equal(5000, stats.Count);
        Assert.Equal(mean, stats.Mean, 0.01);
        Assert.Equal(sd, stats.StdDev, 0.01);
    }

    [Fact]
    public void RunningStats_WithForgetting_FollowsALevelShiftThatPlainWelfordAverages()
    {
        var forgetting = new RunningStats(0.05f);
        var plain = new RunningStats(0f);

        for (var i = 0; i < 1000; i++)
        {
            float v = i < 500 ? 10f : 20f;
            forgetting.Add(v + (i % 2 == 0 ? 0.1f : -0.1f));
            plain.Add(v + (i % 2 == 0 ? 0.1f : -0.1f));
        }

        Assert.Equal(20.0, forgetting.Mean, 0.05);
        Assert.Equal(15.0, plain.Mean, 0.05);
        Assert.InRange(forgetting.StdDev, 0.05f, 0.2f);
    }

    [Fact]
    public void SummaryAccumulator_Samples_EqualNaiveTwoPassComputation()
    {
        var values = Samples(777, 7, 40, 10);
        var summary = new SummaryAccumulator();

        foreach (var v in values)
        {
            summary.Add(v);
        }

        var (mean, sd) = TwoPass(values);
        Assert.Equal(777, summary.Count);
        Assert.Equal(mean, summary.Mean, 0.001);
        Assert.Equal(sd, summary.StdDev, 0.001);
        Assert.Equal(values.Min(), summary.Min);
        Assert.Equal(values.Max(), summary.Max);
    }

    [Fact]
    public void SummaryAccumulator_Reset_StartsAFreshPeriod()
    {
        var summary = new SummaryAccumulator();
        summary.Add(100f);
        summary.Add(200f);

        summary.Reset();
        summary.Add(5f);

        Assert.Equal(1, summary.Count);
        Assert.Equal(5f, summary.Mean);
        Assert.Equal(0f, summary.StdDev);
        Assert.Equal(5f, summary.Min);
        Assert.Equal(5f, summary.Max);
    }

    [Fact]
    public void WindowFeatures_FullWindow_ReportsMeanMinMaxRms()
    {
        var window = new WindowFeatures(4);

        Assert.False(window.Add(3f));
        Assert.False(window.Add(-4f));
        Assert.False(window.Add(3f));
        Assert.True(window.Add(-4f));

        Assert.Equal(-0.5f, window.Mean);
        Assert.Equal(-4f, window.Min);
        Assert.Equal(3f, window.Max);
        Assert.Equal(Math.Sqrt((9 + 16 + 9 + 16) / 4.0), window.Rms, 0.0001);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1e-30f)]
    [InlineData(0.0004f)]
    [InlineData(2f)]
    [InlineData(12345.678f)]
    [InlineData(3e38f)]
    public void FloatMath_Sqrt_MatchesDoubleWithinFloatPrecision(float x)
    {
        var expected = Math.Sqrt(x);

        var actual = FloatMath.Sqrt(x);

        Assert.Equal(expected, actual, expected * 2e-7);
    }

    [Fact]
    public void FloatMath_SqrtOfNegativeOrNaN_IsNaN()
    {
        Assert.True(float.IsNaN(FloatMath.Sqrt(-1f)));
        Assert.True(float.IsNaN(FloatMath.Sqrt(float.NaN)));
    }
}
