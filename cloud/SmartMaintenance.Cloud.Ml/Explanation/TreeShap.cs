using System.Numerics;

namespace SmartMaintenance.Cloud.Ml.Explanation;

/// <summary>
/// Exact interventional Shapley values of a tree ensemble's raw score against a background sample
/// (Lundberg et al. 2020, "From local explanations to global understanding with explainable AI for trees",
/// interventional TreeSHAP; the single-reference recursion of Laberge and Pequignot 2022). For one reference b,
/// walking each tree with the input x and b together gives every leaf the features on which x decided the path
/// (Sx) and those on which b did (Sb); the leaf's value v adds v·(|Sx|−1)!|Sb|!/(|Sx|+|Sb|)! to each feature in Sx
/// and subtracts v·|Sx|!(|Sb|−1)!/(|Sx|+|Sb|)! from each in Sb. Per reference the values sum to f(x) − f(b); averaged
/// over the background they sum to f(x) − mean f(b). Hand-written because ML.NET's feature contribution
/// calculation (leaf minus the leaf the other branch would reach) does not add up to the score, and no Shapley
/// library for .NET trees is on the package mirror.
/// Cost: background rows x trees x the leaves where x and b disagree; only computed when asked for.
/// </summary>
public sealed class TreeShap
{
    private const int MaxFeatures = 32;
    private static readonly double[,] Weights = BuildWeights();
    private readonly TreeEnsemble _ensemble;
    private readonly float[][] _background;

    public TreeShap(TreeEnsemble ensemble, IReadOnlyList<float[]> background, int features)
    {
        if (features > MaxFeatures) throw new ArgumentOutOfRangeException(nameof(features), "at most 32 features");
        if (background.Count == 0) throw new ArgumentException("the background sample is empty", nameof(background));
        _ensemble = ensemble;
        _background = [.. background];
        Features = features;
        ExpectedScore = _background.Average(b => ensemble.Score(b));
    }

    public int Features { get; }

    /// <summary>Mean raw score over the background: the base value of the raw-score explanation.</summary>
    public double ExpectedScore { get; }

    /// <summary>One value per feature; ExpectedScore + Σ values = the ensemble's raw score of x.</summary>
    public double[] Explain(ReadOnlySpan<float> x)
    {
        var phi = new double[Features];
        var input = x.ToArray();
        foreach (var b in _background)
        {
            foreach (var t in _ensemble.Trees)
            {
                if (t.Left.Length == 0) continue;
                Walk(t, 0, input, b, 0u, 0u, phi);
            }
        }

        for (var i = 0; i < phi.Length; i++) phi[i] /= _background.Length;
        return phi;
    }

    private static void Walk(TreeNodes t, int node, float[] x, float[] b, uint sx, uint sb, double[] phi)
    {
        if (node < 0)
        {
            var v = t.Weight * t.Leaves[~node];
            int a = BitOperations.PopCount(sx), c = BitOperations.PopCount(sb);
            if (a > 0) Spread(sx, v * Weights[a - 1, c], phi);
            if (c > 0) Spread(sb, -v * Weights[a, c - 1], phi);
            return;
        }

        var k = t.Feature[node];
        var bit = 1u << k;
        var xChild = x[k] <= t.Threshold[node] ? t.Left[node] : t.Right[node];
        var bChild = b[k] <= t.Threshold[node] ? t.Left[node] : t.Right[node];
        if (xChild == bChild) Walk(t, xChild, x, b, sx, sb, phi);
        else if ((sx & bit) != 0) Walk(t, xChild, x, b, sx, sb, phi);
        else if ((sb & bit) != 0) Walk(t, bChild, x, b, sx, sb, phi);
        else
        {
            Walk(t, xChild, x, b, sx | bit, sb, phi);
            Walk(t, bChild, x, b, sx, sb | bit, phi);
        }
    }

    private static void Spread(uint set, double value, double[] phi)
    {
        while (set != 0)
        {
            phi[BitOperations.TrailingZeroCount(set)] += value;
            set &= set - 1;
        }
    }

    /// <summary>W[a, c] = a! c! / (a + c + 1)!.</summary>
    private static double[,] BuildWeights()
    {
        var w = new double[MaxFeatures + 1, MaxFeatures + 1];
        for (var a = 0; a <= MaxFeatures; a++)
        {
            for (var c = 0; a + c <= MaxFeatures; c++)
            {
                // a! c! / (a+c+1)! = 1 / ((a+c+1) · C(a+c, a)), computed in doubles without overflow.
                double binomial = 1;
                for (var i = 1; i <= a; i++) binomial = binomial * (c + i) / i;
                w[a, c] = 1 / ((a + c + 1) * binomial);
            }
        }

        return w;
    }
}
