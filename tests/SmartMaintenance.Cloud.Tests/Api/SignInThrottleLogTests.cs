using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Security;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Tests.Api;

/// <summary>
/// Issue 13: a locked-out client that keeps posting the sign-in form cannot flood the log: each attempt is refused
/// and counted, the log gets the first refusal of each lockout (on a fake clock, with the real log pipeline).
/// </summary>
public sealed class SignInThrottleLogTests
{
    [Fact]
    public void AttemptsWhileLocked_EachRefusedOneLogLinePerLockout()
    {
        var time = new FakeTimeProvider();
        var logs = new LogCapture();
        using var loggers = new LoggerFactory([logs]);
        using var throttle = new SignInThrottle(Options.Create(new SignInLockoutOptions { AccountFailures = 3, AddressFailures = 1000 }), time,
            loggers.CreateLogger<SignInThrottle>());
        var address = IPAddress.Parse("192.0.2.10");

        for (var lockout = 1; lockout <= 2; lockout++)
        {
            for (var i = 0; i < 3; i++)
            {
                throttle.Failed("victim", address);
            }

            for (var i = 0; i < 50; i++)
            {
                Assert.NotNull(throttle.LockedFor("victim", address));
            }

            Assert.Equal(lockout, logs.Lines.Count(line => line.Contains("Dashboard sign-in refused while locked: user name victim", StringComparison.Ordinal)));
            // Past this lockout (30 s, then 60 s): the next failures start the next one.
            time.Advance(TimeSpan.FromMinutes(2));
            Assert.Null(throttle.LockedFor("victim", address));
        }

        Assert.Equal(2, logs.Lines.Count(line => line.Contains("Dashboard sign-in lockout: account", StringComparison.Ordinal)));
    }
}
