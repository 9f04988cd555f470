using SmartMaintenance.Cloud.Ingestion;

namespace SmartMaintenance.Cloud.Tests.Ingestion;

public sealed class DeviceClocksTests
{
    private static readonly DateTimeOffset Boot = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Estimate_ReplayedAfterALiveReading_DatedAtItsUptimeNotItsArrival()
    {
        var clocks = new DeviceClocks();
        // Live: taken 100 s after boot, arrived 0.2 s later.
        Assert.Equal(Boot.AddSeconds(100.2), clocks.Estimate("d1", 100_000, Boot.AddSeconds(100.2)), TimeSpan.FromMilliseconds(1));
        // Replayed from the device's outbox 10 minutes after it was taken.
        var replayed = clocks.Estimate("d1", 150_000, Boot.AddSeconds(750));
        Assert.Equal(Boot.AddSeconds(150.2), replayed, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Estimate_LaterLiveReading_TightensTheBootBound()
    {
        var clocks = new DeviceClocks();
        clocks.Estimate("d1", 10_000, Boot.AddSeconds(40));          // first seen late: boot bound 30 s too late
        clocks.Estimate("d1", 20_000, Boot.AddSeconds(20.05));       // live: bound now 50 ms
        Assert.Equal(Boot.AddSeconds(25.05), clocks.Estimate("d1", 25_000, Boot.AddSeconds(90)), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Estimate_UptimeGoesBack_TakenAsARebootAndLearntAnew()
    {
        var clocks = new DeviceClocks();
        clocks.Estimate("d1", 500_000, Boot.AddSeconds(500));
        var rebootedAt = Boot.AddSeconds(900);
        Assert.Equal(rebootedAt.AddSeconds(5), clocks.Estimate("d1", 5_000, rebootedAt.AddSeconds(5)), TimeSpan.FromMilliseconds(1));
        Assert.Equal(rebootedAt.AddSeconds(8), clocks.Estimate("d1", 8_000, rebootedAt.AddSeconds(60)), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Calibrate_ValidTimestampWithUptime_BootKnownExactly()
    {
        var clocks = new DeviceClocks();
        clocks.Estimate("d1", 1_000, Boot.AddSeconds(3));            // a late bound first
        clocks.Calibrate("d1", Boot.AddSeconds(2), 2_000);
        Assert.Equal(Boot.AddSeconds(3), clocks.Estimate("d1", 3_000, Boot.AddSeconds(70)), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Estimate_DevicesAreIndependent()
    {
        var clocks = new DeviceClocks();
        clocks.Estimate("d1", 100_000, Boot.AddSeconds(100));
        Assert.Equal(Boot.AddSeconds(300), clocks.Estimate("d2", 100_000, Boot.AddSeconds(300)), TimeSpan.FromMilliseconds(1));
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(-1L)]
    public void EstimateAndCalibrate_UptimeNoClockCanHold_NeverThrowArrivalTimeUsed(long uptimeMs)
    {
        var clocks = new DeviceClocks();
        clocks.Calibrate("d1", Boot.AddSeconds(10), uptimeMs);
        Assert.Equal(Boot.AddSeconds(20), clocks.Estimate("d1", uptimeMs, Boot.AddSeconds(20)));
        Assert.Equal(DateTimeOffset.MinValue, clocks.Estimate("d2", 5, DateTimeOffset.MinValue));
    }
}
