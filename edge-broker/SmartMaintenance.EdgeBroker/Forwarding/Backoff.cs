using System.Net.Http.Headers;

namespace SmartMaintenance.EdgeBroker.Forwarding;

/// <summary>
/// Capped exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015):
/// uniform in [0, min(cap, base * 2^attempt)], so brokers retrying after one cloud outage do not stampede together.
/// One instance serves every sender (forward lanes, device events), so the Random is used under a lock. It is
/// injected (a singleton in DI) so tests can make the jitter predictable.
/// </summary>
public sealed class Backoff(TimeSpan baseDelay, TimeSpan cap, Random random)
{
    private readonly Lock _gate = new();

    public TimeSpan Next(int attempt) => Next(attempt, TimeSpan.Zero);

    /// <summary>
    /// At least <paramref name="atLeast"/> (what the server asked for with Retry-After), plus the jitter, so
    /// brokers told the same time do not all come back in the same millisecond.
    /// </summary>
    public TimeSpan Next(int attempt, TimeSpan atLeast)
    {
        var ceiling = Math.Min(cap.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        double share;
        lock (_gate)
        {
            share = random.NextDouble();
        }

        return atLeast + TimeSpan.FromMilliseconds(share * ceiling);
    }

    /// <summary>
    /// The wait a Retry-After header asks for (RFC 9110 §10.2.3: delay-seconds or an HTTP date), zero when there is
    /// none, at most <paramref name="max"/> so a wrong header cannot park the forwarder for days.
    /// </summary>
    public static TimeSpan RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now, TimeSpan max)
    {
        var wait = header?.Delta ?? (header?.Date is { } date ? date - now : TimeSpan.Zero);
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > max ? max : wait;
    }
}
