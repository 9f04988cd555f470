namespace SmartMaintenance.Cloud.Detection.Statistical;

/// <summary>
/// Median and MAD of the last N values. Keeps the window twice: in arrival order (a ring, to know what leaves)
/// and sorted (binary search + block move per sample, O(N) worst case, no allocation after construction).
/// The MAD is the k-th smallest |x - median|, found by merging the two halves of the sorted window outward
/// from the median, so it costs O(N) instead of a second sort.
/// </summary>
public sealed class RollingRobustStats
{
    private readonly double[] _ring;
    private readonly double[] _sorted;
    private int _next;

    public RollingRobustStats(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 3);
        _ring = new double[capacity];
        _sorted = new double[capacity];
    }

    public int Count { get; private set; }

    public int Capacity => _ring.Length;

    public void Add(double value)
    {
        if (Count == _ring.Length)
        {
            double leaving = _ring[_next];
            int at = Array.BinarySearch(_sorted, 0, Count, leaving);
            Array.Copy(_sorted, at + 1, _sorted, at, Count - at - 1);
            Count--;
        }

        _ring[_next] = value;
        _next = (_next + 1) % _ring.Length;
        int pos = Array.BinarySearch(_sorted, 0, Count, value);
        if (pos < 0)
        {
            pos = ~pos;
        }

        Array.Copy(_sorted, pos, _sorted, pos + 1, Count - pos);
        _sorted[pos] = value;
        Count++;
    }

    public double Median()
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        int mid = Count / 2;
        return Count % 2 == 1 ? _sorted[mid] : 0.5 * (_sorted[mid - 1] + _sorted[mid]);
    }

    /// <summary>Median absolute deviation about <paramref name="median"/> (lower median of the deviations).</summary>
    public double Mad(double median)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        // Deviations left of the median grow leftwards, right of it rightwards: merge the two runs.
        int right = Array.BinarySearch(_sorted, 0, Count, median);
        if (right < 0)
        {
            right = ~right;
        }

        int left = right - 1;
        int k = (Count - 1) / 2;
        double current = 0;
        for (int taken = 0; taken <= k; taken++)
        {
            double dl = left >= 0 ? median - _sorted[left] : double.PositiveInfinity;
            double dr = right < Count ? _sorted[right] - median : double.PositiveInfinity;
            if (dl <= dr)
            {
                current = dl;
                left--;
            }
            else
            {
                current = dr;
                right++;
            }
        }

        return current;
    }

    /// <summary>Value at quantile q in [0, 1] of the window (nearest rank).</summary>
    public double Quantile(double q)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        int index = (int)Math.Clamp(Math.Round(q * (Count - 1)), 0, Count - 1);
        return _sorted[index];
    }
}
