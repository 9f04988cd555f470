namespace SmartMaintenance.EdgeBroker.Forwarding;

/// <summary>
/// Capped exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015):
/// uniform in [0, min(cap, base * 2^attempt)], so brokers retrying after one cloud outage do not stampede together.
/// </summary>
public sealed class Backoff(TimeSpan baseDelay, TimeSpan cap, Random random)
{
    public TimeSpan Next(int attempt)
    {
        var ceiling = Math.Min(cap.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        return TimeSpan.FromMilliseconds(random.NextDouble() * ceiling);
    }
}
