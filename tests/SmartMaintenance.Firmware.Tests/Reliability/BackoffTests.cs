using SmartMaintenance.Firmware.Core.Platform;
using SmartMaintenance.Firmware.Core.Reliability;
using SmartMaintenance.Firmware.Tests.Fakes;

namespace SmartMaintenance.Firmware.Tests.Reliability;

public sealed class BackoffTests
{
    [Fact]
    public void NextDelayMs_WithTopRandom_DoublesUpToTheCap()
    {
        var backoff = new Backoff(new ScriptedRandom(0.9999999f), 100, 1000);

        var delays = Enumerable.Range(0, 7).Select(_ => backoff.NextDelayMs()).ToArray();

        Assert.Equal([100, 200, 400, 800, 1000, 1000, 1000], delays);
    }

    [Fact]
    public void NextDelayMs_SeededRandom_StaysWithinZeroAndCeiling()
    {
        var backoff = new Backoff(new XorShiftRandom(42), 100, 5000);

        for (var i = 0; i < 200; i++)
        {
            var ceiling = backoff.CurrentCeilingMs;
            var delay = backoff.NextDelayMs();
            Assert.InRange(delay, 0, ceiling);
        }
    }

    [Fact]
    public void NextDelayMs_FleetAtTheCap_SpreadsAcrossTheWholeRange()
    {
        // Full jitter: 1,000 boards at the cap should not cluster; uniform over [0, cap].
        var delays = new List<int>();
        for (var board = 0; board < 1000; board++)
        {
            var backoff = new Backoff(new XorShiftRandom(board + 1), 1000, 60000);
            for (var i = 0; i < 6; i++)
            {
                backoff.NextDelayMs();
            }

            delays.Add(backoff.NextDelayMs());
        }

        Assert.InRange(delays.Min(), 0, 3000);
        Assert.InRange(delays.Max(), 57000, 60000);
        Assert.InRange(delays.Average(), 27000, 33000);
        Assert.True(delays.Distinct().Count() > 900);
    }

    [Fact]
    public void NextDelayMs_SameSeed_SameDelays()
    {
        var a = new Backoff(new XorShiftRandom(7), 100, 10000);
        var b = new Backoff(new XorShiftRandom(7), 100, 10000);

        Assert.Equal(
            Enumerable.Range(0, 20).Select(_ => a.NextDelayMs()),
            Enumerable.Range(0, 20).Select(_ => b.NextDelayMs()));
    }

    [Fact]
    public void Reset_AfterFailures_StartsFromBase()
    {
        var backoff = new Backoff(new ScriptedRandom(0.9999999f), 100, 10000);
        backoff.NextDelayMs();
        backoff.NextDelayMs();

        backoff.Reset();

        Assert.Equal(100, backoff.NextDelayMs());
    }
}
