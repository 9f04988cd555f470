namespace SmartMaintenance.Cloud.Detection.Ml;

/// <summary>
/// Isolation forest (Liu, Ting and Zhou, ICDM 2008): random axis-parallel splits isolate outliers in fewer
/// steps than inliers. Trees live in flat arrays (one node = feature, split, children or leaf size) so scoring
/// a point walks arrays and allocates nothing. Deterministic for a given <see cref="Random"/>.
/// </summary>
public sealed class IsolationForest
{
    private readonly int _dimensions;
    private readonly int _sampleSize;
    private readonly int[] _treeRoots;
    private readonly List<int> _feature = [];
    private readonly List<double> _split = [];
    private readonly List<int> _left = [];
    private readonly List<int> _right = [];
    private readonly List<int> _leafSize = [];

    private IsolationForest(int dimensions, int trees, int sampleSize)
    {
        _dimensions = dimensions;
        _sampleSize = sampleSize;
        _treeRoots = new int[trees];
    }

    /// <summary>Fits <paramref name="trees"/> trees on sub-samples of the rows (row-major, <paramref name="dimensions"/> wide).</summary>
    public static IsolationForest Fit(ReadOnlySpan<double> rows, int dimensions, int trees, int sampleSize, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(trees, 1);
        int count = rows.Length / dimensions;
        if (count < 2 || rows.Length % dimensions != 0)
        {
            throw new ArgumentException("At least two complete rows are needed.", nameof(rows));
        }

        int psi = Math.Min(sampleSize, count);
        var forest = new IsolationForest(dimensions, trees, psi);
        int heightLimit = (int)Math.Ceiling(Math.Log2(psi));
        var indices = new int[count];
        for (int t = 0; t < trees; t++)
        {
            for (int i = 0; i < count; i++)
            {
                indices[i] = i;
            }

            // Partial Fisher–Yates: the first psi indices are a sample without replacement.
            for (int i = 0; i < psi; i++)
            {
                int j = random.Next(i, count);
                (indices[i], indices[j]) = (indices[j], indices[i]);
            }

            forest._treeRoots[t] = forest.Build(rows, indices.AsSpan(0, psi), 0, heightLimit, random);
        }

        return forest;
    }

    /// <summary>Average path length over the trees for one point.</summary>
    public double MeanPathLength(ReadOnlySpan<double> point)
    {
        if (point.Length != _dimensions)
        {
            throw new ArgumentException($"Expected {_dimensions} features.", nameof(point));
        }

        double total = 0;
        foreach (int root in _treeRoots)
        {
            int node = root;
            int depth = 0;
            while (_leafSize[node] < 0)
            {
                node = point[_feature[node]] < _split[node] ? _left[node] : _right[node];
                depth++;
            }

            total += depth + AveragePathLength(_leafSize[node]);
        }

        return total / _treeRoots.Length;
    }

    /// <summary>Anomaly score s = 2^(-E[h] / c(ψ)): near 1 isolated, about 0.5 or below ordinary.</summary>
    public double Score(ReadOnlySpan<double> point) => Math.Pow(2, -MeanPathLength(point) / AveragePathLength(_sampleSize));

    /// <summary>c(n): average path length of an unsuccessful BST search, the paper's normaliser.</summary>
    public static double AveragePathLength(int n) => n switch
    {
        <= 1 => 0,
        2 => 1,
        _ => 2 * (Math.Log(n - 1) + 0.5772156649015329) - 2.0 * (n - 1) / n,
    };

    private int Build(ReadOnlySpan<double> rows, Span<int> subset, int depth, int heightLimit, Random random)
    {
        int node = _feature.Count;
        _feature.Add(-1);
        _split.Add(0);
        _left.Add(-1);
        _right.Add(-1);
        _leafSize.Add(subset.Length);
        if (depth >= heightLimit || subset.Length <= 1)
        {
            return node;
        }

        // Pick a feature that still varies in this subset (a constant one cannot split).
        int start = random.Next(_dimensions);
        for (int attempt = 0; attempt < _dimensions; attempt++)
        {
            int f = (start + attempt) % _dimensions;
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (int row in subset)
            {
                double v = rows[row * _dimensions + f];
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            if (!(max > min))
            {
                continue;
            }

            double split = min + random.NextDouble() * (max - min);
            int lo = 0, hi = subset.Length - 1;
            while (lo <= hi)
            {
                if (rows[subset[lo] * _dimensions + f] < split)
                {
                    lo++;
                }
                else
                {
                    (subset[lo], subset[hi]) = (subset[hi], subset[lo]);
                    hi--;
                }
            }

            if (lo == 0 || lo == subset.Length)
            {
                continue;
            }

            _feature[node] = f;
            _split[node] = split;
            _leafSize[node] = -1;
            _left[node] = Build(rows, subset[..lo], depth + 1, heightLimit, random);
            _right[node] = Build(rows, subset[lo..], depth + 1, heightLimit, random);
            return node;
        }

        return node;
    }
}
