using System.Globalization;
using System.Text;

namespace SmartMaintenance.EdgeBroker.Observability;

/// <summary>
/// A Prometheus histogram of durations: fixed buckets, one interlocked increment per observation, no allocation.
/// Quantiles come from the buckets on the server side, e.g.
/// histogram_quantile(0.99, rate(sm_broker_forward_batch_seconds_bucket[5m])); unlike a mean or a last value they
/// show the slow tail, and unlike in-process quantiles they can be aggregated over brokers.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Upper bounds in seconds: a loopback answer takes milliseconds, a loaded cloud's commit seconds.</summary>
    public static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly long[] _counts = new long[Bounds.Length + 1];
    private long _sumMicros;

    public void Observe(TimeSpan duration)
    {
        var seconds = duration.TotalSeconds;
        var bucket = 0;
        while (bucket < Bounds.Length && seconds > Bounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Add(ref _sumMicros, (long)duration.TotalMicroseconds);
    }

    public long Count
    {
        get
        {
            long total = 0;
            foreach (ref var count in _counts.AsSpan())
            {
                total += Interlocked.Read(ref count);
            }

            return total;
        }
    }

    public TimeSpan Sum => TimeSpan.FromMicroseconds(Interlocked.Read(ref _sumMicros));

    /// <summary>Observations at or below each bound, cumulative (the le="..." series), then all of them (+Inf).</summary>
    public long[] Cumulative()
    {
        var cumulative = new long[_counts.Length];
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += Interlocked.Read(ref _counts[i]);
            cumulative[i] = running;
        }

        return cumulative;
    }

    /// <summary>Writes the _bucket, _sum and _count series; _count is the +Inf bucket of the same read, so they agree.</summary>
    public void Write(StringBuilder t, string name, string help)
    {
        t.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(" histogram\n");
        var cumulative = Cumulative();
        for (var i = 0; i < Bounds.Length; i++)
        {
            t.Append(name).Append("_bucket{le=\"").Append(Bounds[i].ToString(CultureInfo.InvariantCulture)).Append("\"} ")
                .Append(cumulative[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        var count = cumulative[^1].ToString(CultureInfo.InvariantCulture);
        t.Append(name).Append("_bucket{le=\"+Inf\"} ").Append(count).Append('\n');
        t.Append(name).Append("_sum ").Append(Sum.TotalSeconds.ToString(CultureInfo.InvariantCulture)).Append('\n');
        t.Append(name).Append("_count ").Append(count).Append('\n');
    }
}
