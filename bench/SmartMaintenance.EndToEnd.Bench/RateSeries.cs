using System.Diagnostics;

namespace SmartMaintenance.EndToEnd.Bench;

/// <summary>Events counted in 100 ms buckets from the start of the run, so any window's rate can be read afterwards.</summary>
public sealed class RateSeries(long startTimestamp, TimeSpan length)
{
    private const double BucketSeconds = 0.1;
    private readonly long[] _buckets = new long[(int)Math.Ceiling(length.TotalSeconds / BucketSeconds) + 1];
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Add(long timestamp, long count = 1)
    {
        var index = Math.Clamp((int)(Stopwatch.GetElapsedTime(startTimestamp, timestamp).TotalSeconds / BucketSeconds), 0, _buckets.Length - 1);
        Interlocked.Add(ref _buckets[index], count);
        Interlocked.Add(ref _total, count);
    }

    /// <summary>Events per second between two offsets from the start (bucket resolution).</summary>
    public double PerSecond(TimeSpan from, TimeSpan to)
    {
        var first = Math.Clamp((int)(from.TotalSeconds / BucketSeconds), 0, _buckets.Length - 1);
        var last = Math.Clamp((int)(to.TotalSeconds / BucketSeconds), first, _buckets.Length - 1);
        long sum = 0;
        for (var i = first; i < last; i++)
        {
            sum += Interlocked.Read(ref _buckets[i]);
        }

        return last == first ? 0 : sum / ((last - first) * BucketSeconds);
    }

    /// <summary>Offset from the start of the last bucket that holds an event.</summary>
    public TimeSpan LastEvent()
    {
        for (var i = _buckets.Length - 1; i >= 0; i--)
        {
            if (Interlocked.Read(ref _buckets[i]) > 0)
            {
                return TimeSpan.FromSeconds((i + 1) * BucketSeconds);
            }
        }

        return TimeSpan.Zero;
    }
}
