using SmartMaintenance.Firmware.Core.Filtering;

namespace SmartMaintenance.Firmware.Tests.Filtering;

public sealed class ZScoreFilterTests
{
    private static ZScoreFilter Filter(int warmup = 20, float k = 3f, float h = 0.5f, float forgetting = 0f, int stuckWindow = 0)
    {
        var filter = new ZScoreFilter(new FilterOptions
        {
            StdFloor = 0.01f, RelativeStdFloor = 0f, Forgetting = forgetting, StuckWindow = stuckWindow,
        });
        filter.Configure(k, h, warmup);
        return filter;
    }

    /// <summary>Alternating 9 / 11: mean 10, standard deviation about 1.</summary>
    private static void Feed(ZScoreFilter filter, int n)
    {
        for (var i = 0; i < n; i++)
        {
            filter.Process(i % 2 == 0 ? 9f : 11f);
        }
    }

    [Fact]
    public void Process_DuringWarmup_NeverReportsAnomaly()
    {
        var filter = Filter(warmup: 20);
        Feed(filter, 10);

        var verdict = filter.Process(1000f);

        Assert.Equal(FilterVerdict.Warmup, verdict);
        Assert.Equal(0, filter.AnomalyCount);
    }

    [Fact]
    public void Process_SpikeAfterWarmup_IsAnomalyWithZAndBaseline()
    {
        var filter = Filter();
        Feed(filter, 40);

        var verdict = filter.Process(16f);

        Assert.Equal(FilterVerdict.Anomaly, verdict);
        Assert.Equal(10f, filter.BaselineMean, 0.01f);
        Assert.Equal(1.0f, filter.BaselineStd, 0.05f);
        Assert.Equal((16f - filter.BaselineMean) / filter.BaselineStd, filter.LastZ, 0.001f);
    }

    [Fact]
    public void Process_BelowThreshold_IsNormal()
    {
        var filter = Filter();
        Feed(filter, 40);

        Assert.Equal(FilterVerdict.Normal, filter.Process(12.5f));
    }

    [Fact]
    public void Process_BetweenExitAndEntryLevel_StaysInAnomalyUntilBelowKMinusH()
    {
        // Forgetting disabled and a long history, so the few samples below barely move the baseline.
        var filter = Filter(warmup: 2000, k: 3f, h: 1f);
        Feed(filter, 2000);

        var entered = filter.Process(13.2f);   // z ~ 3.2: enters
        var held = filter.Process(12.5f);      // z ~ 2.5: between k - h = 2 and k: stays
        var left = filter.Process(11.5f);      // z ~ 1.5: below k - h: leaves
        var again = filter.Process(12.5f);     // z ~ 2.5 from normal: does not enter

        Assert.Equal(FilterVerdict.Anomaly, entered);
        Assert.Equal(FilterVerdict.Anomaly, held);
        Assert.Equal(FilterVerdict.Normal, left);
        Assert.Equal(FilterVerdict.Normal, again);
    }

    [Fact]
    public void Process_ConstantSignal_FloorKeepsZFiniteAndOneStepWiggleQuiet()
    {
        var filter = new ZScoreFilter(new FilterOptions { StdFloor = 0.5f, RelativeStdFloor = 0f, StuckWindow = 0 });
        filter.Configure(3f, 0.5f, 10);
        for (var i = 0; i < 50; i++)
        {
            filter.Process(20f);
        }

        var wiggle = filter.Process(21f);

        Assert.Equal(FilterVerdict.Normal, wiggle);
        Assert.True(float.IsFinite(filter.LastZ));
        Assert.Equal(2f, filter.LastZ, 0.001f);
        Assert.Equal(0.5f, filter.BaselineStd);
    }

    [Fact]
    public void Process_ConstantSignalWithoutFloor_WouldFireOnFirstWiggle()
    {
        // The same signal with a negligible floor shows why the floor exists.
        var filter = new ZScoreFilter(new FilterOptions { StdFloor = 1e-6f, RelativeStdFloor = 0f, StuckWindow = 0 });
        filter.Configure(3f, 0.5f, 10);
        for (var i = 0; i < 50; i++)
        {
            filter.Process(20f);
        }

        Assert.Equal(FilterVerdict.Anomaly, filter.Process(21f));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Process_NonFiniteSample_IsRejectedCountedAndLeavesBaseline(float bad)
    {
        var filter = Filter();
        Feed(filter, 40);
        var mean = filter.Baseline.Mean;
        var count = filter.Baseline.Count;

        var verdict = filter.Process(bad);

        Assert.Equal(FilterVerdict.Rejected, verdict);
        Assert.Equal(1, filter.RejectedCount);
        Assert.Equal(mean, filter.Baseline.Mean);
        Assert.Equal(count, filter.Baseline.Count);
    }

    [Fact]
    public void Process_NoChangeForStuckWindow_ReportsStuckOnceThenRecovers()
    {
        var filter = Filter(stuckWindow: 30);
        Feed(filter, 40);

        var verdicts = new List<int>();
        for (var i = 0; i < 60; i++)
        {
            verdicts.Add(filter.Process(10f));
        }

        Assert.Equal(1, verdicts.Count(v => v == FilterVerdict.Stuck));
        Assert.Equal(FilterVerdict.Stuck, verdicts[29]);
        Assert.True(filter.IsStuck);
        filter.Process(10.5f);
        Assert.False(filter.IsStuck);
        Assert.Equal(1, filter.StuckCount);
    }

    [Fact]
    public void Process_WithForgetting_LevelShiftStopsBeingAnomalous()
    {
        var forgetting = Filter(forgetting: 0.05f);
        var plain = Filter(forgetting: 0f);
        Feed(forgetting, 2000);
        Feed(plain, 2000);

        int lastForgetting = 0, lastPlain = 0;
        for (var i = 0; i < 100; i++)
        {
            var v = i % 2 == 0 ? 29f : 31f;
            lastForgetting = forgetting.Process(v);
            lastPlain = plain.Process(v);
        }

        Assert.Equal(FilterVerdict.Normal, lastForgetting);
        Assert.Equal(FilterVerdict.Anomaly, lastPlain);
    }
}
