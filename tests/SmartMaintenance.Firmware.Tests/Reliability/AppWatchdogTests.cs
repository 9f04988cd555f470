using SmartMaintenance.Firmware.Core.Reliability;
using SmartMaintenance.Firmware.Tests.Fakes;

namespace SmartMaintenance.Firmware.Tests.Reliability;

public sealed class AppWatchdogTests
{
    [Fact]
    public void Check_LoopFedInTime_DoesNotReboot()
    {
        var clock = new FakeClock();
        var rebooter = new FakeRebooter();
        var watchdog = new AppWatchdog(clock, rebooter, 30000);

        for (var i = 0; i < 10; i++)
        {
            clock.Advance(20000);
            watchdog.Feed();
            Assert.False(watchdog.Check());
        }

        Assert.Empty(rebooter.Reasons);
    }

    [Fact]
    public void Check_LoopStalled_RequestsOneReboot()
    {
        var clock = new FakeClock();
        var rebooter = new FakeRebooter();
        var watchdog = new AppWatchdog(clock, rebooter, 30000);

        clock.Advance(30001);
        var first = watchdog.Check();
        clock.Advance(10000);
        var second = watchdog.Check();

        Assert.True(first);
        Assert.False(second);
        Assert.Single(rebooter.Reasons);
        Assert.Contains("stalled", rebooter.Reasons[0]);
    }
}
