using SmartMaintenance.Firmware.Core.Reliability;
using SmartMaintenance.Firmware.Core.Statistics;
using SmartMaintenance.Firmware.Core.Telemetry;

namespace SmartMaintenance.Firmware.Tests.Statistics;

/// <summary>Time-based sampling and windows: what the board measures does not depend on the interpreter's speed.</summary>
public sealed class TimedWindowTests
{
    [Theory]
    [InlineData(10, 100f)]   // 100 Hz as planned
    [InlineData(13, 1000f / 13)]   // a loaded interpreter: the window still covers one second
    public void Add_SamplesEveryPeriod_ClosesAfterTheWindowDurationAndReportsTheAchievedRate(int periodMs, float expectedHz)
    {
        var window = new TimedWindow(1000);
        var closed = 0;
        long now = 5000;
        for (; closed == 0; now += periodMs)
        {
            if (window.Add(now % 2 == 0 ? 1f : -1f, now))
            {
                closed++;
            }
        }

        Assert.Equal(expectedHz, window.RateHz, 1);
        Assert.Equal(1f, window.Rms, 3);
        Assert.InRange(window.Count * periodMs, 1000, 1000 + periodMs);
    }

    [Fact]
    public void Add_SlowSamples_StillCloseAfterOneSecondWithTheirOwnCount()
    {
        var window = new TimedWindow(1000);
        Assert.False(window.Add(3f, 0));
        Assert.False(window.Add(4f, 600));
        Assert.True(window.Add(100f, 1200));   // closes the window [0, 1200) of two samples

        Assert.Equal(2, window.Count);
        Assert.Equal(3.5f, window.Mean, 3);
        Assert.Equal(3f, window.Min);
        Assert.Equal(4f, window.Max);
        Assert.Equal(2 * 1000f / 1200, window.RateHz, 3);
    }

    [Fact]
    public void SamplePacer_LoopComesBackLate_SkipsAndCountsMissedSlotsInsteadOfBursting()
    {
        var pacer = new SamplePacer(10, 0);
        Assert.True(pacer.IsDue(0));
        Assert.False(pacer.IsDue(9));
        Assert.Equal(1, pacer.WaitMs(9));
        Assert.True(pacer.IsDue(12));   // a little late: the schedule is kept
        Assert.True(pacer.IsDue(20));

        Assert.True(pacer.IsDue(75));   // due at 30, back at 75: this sample takes one slot, four are skipped, no burst
        Assert.False(pacer.IsDue(76));
        Assert.Equal(4, pacer.Missed);
        Assert.True(pacer.IsDue(85));
    }

    [Fact]
    public void StatusLed_Patterns_AreSteadyBlinkingAndDoubleFlash()
    {
        Assert.All(Enumerable.Range(0, 40), i => Assert.True(StatusLed.IsOn(StatusLed.Online, i * 50)));
        var connecting = Enumerable.Range(0, 8).Select(i => StatusLed.IsOn(StatusLed.Connecting, i * 250)).ToArray();
        Assert.Equal([true, false, true, false, true, false, true, false], connecting);
        var flashes = Enumerable.Range(0, 20).Select(i => StatusLed.IsOn(StatusLed.Unprovisioned, 4000 + i * 100)).ToArray();
        Assert.Equal(2, flashes.Count(on => on));   // two short flashes per 2 s
        Assert.True(flashes[0] && !flashes[1] && !flashes[2] && flashes[3]);
    }
}
