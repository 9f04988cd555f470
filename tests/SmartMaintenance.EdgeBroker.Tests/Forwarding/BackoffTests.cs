using System.Net.Http.Headers;
using SmartMaintenance.EdgeBroker.Forwarding;

namespace SmartMaintenance.EdgeBroker.Tests.Forwarding;

/// <summary>Exponential backoff with full jitter, capped; Retry-After as a floor.</summary>
public sealed class BackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Fact]
    public void Next_SeededRandom_StaysWithinTheDoublingCeilingAndTheCap()
    {
        var backoff = new Backoff(Base, Cap, new Random(20261201));

        for (var attempt = 0; attempt < 40; attempt++)
        {
            var ceiling = Math.Min(Cap.TotalMilliseconds, Base.TotalMilliseconds * Math.Pow(2, attempt));
            for (var i = 0; i < 50; i++)
            {
                Assert.InRange(backoff.Next(attempt).TotalMilliseconds, 0, ceiling);
            }
        }
    }

    [Fact]
    public void Next_SameSeed_GivesTheSameDelays()
    {
        var a = new Backoff(Base, Cap, new Random(7));
        var b = new Backoff(Base, Cap, new Random(7));

        Assert.Equal(Enumerable.Range(0, 10).Select(a.Next), Enumerable.Range(0, 10).Select(b.Next));
    }

    [Fact]
    public void Next_HighestJitter_DoublesFromTheBaseUpToTheCap()
    {
        var backoff = new Backoff(Base, TimeSpan.FromMilliseconds(1000), new HighestJitter());

        Assert.Equal([100.0, 200, 400, 800, 1000, 1000], Enumerable.Range(0, 6).Select(a => backoff.Next(a).TotalMilliseconds));
    }

    [Fact]
    public void Next_WithRetryAfter_WaitsAtLeastThatLong()
    {
        var backoff = new Backoff(Base, Cap, new Random(3));

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var delay = backoff.Next(attempt, TimeSpan.FromSeconds(2));
            Assert.InRange(delay.TotalMilliseconds, 2000, 2000 + Base.TotalMilliseconds * Math.Pow(2, attempt));
        }
    }

    [Fact]
    public void RetryAfter_DeltaDateOrNone_IsTheWaitAskedForWithinTheLimit()
    {
        var now = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        var max = TimeSpan.FromMinutes(5);

        Assert.Equal(TimeSpan.FromSeconds(7), Backoff.RetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), now, max));
        Assert.Equal(TimeSpan.FromSeconds(90), Backoff.RetryAfter(new RetryConditionHeaderValue(now.AddSeconds(90)), now, max));
        Assert.Equal(TimeSpan.Zero, Backoff.RetryAfter(new RetryConditionHeaderValue(now.AddSeconds(-5)), now, max));
        Assert.Equal(max, Backoff.RetryAfter(new RetryConditionHeaderValue(TimeSpan.FromDays(2)), now, max));
        Assert.Equal(TimeSpan.Zero, Backoff.RetryAfter(null, now, max));
    }
}

/// <summary>Jitter pinned to its ceiling: every backoff delay is exactly min(cap, base * 2^attempt).</summary>
internal sealed class HighestJitter : Random
{
    public override double NextDouble() => 1.0;
}
