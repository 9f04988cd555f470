using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace SmartMaintenance.Cloud.Ml.Explanation;

/// <summary>
/// One regression tree of the ensemble as plain arrays (ML.NET's RegressionTree layout): node i goes to Left[i]
/// when x[Feature[i]] &lt;= Threshold[i], else to Right[i]; a negative child c is leaf ~c.
/// </summary>
public sealed record TreeNodes(int[] Left, int[] Right, int[] Feature, float[] Threshold, double[] Leaves, double Weight);

/// <summary>
/// A copy of the boosted tree ensemble of the failure model, kept in the artifact so explanations can walk the
/// trees: raw score = Bias + Σ Weight · leaf value. The copy is checked against ML.NET's own score when the model
/// is fitted (ModelTrainer) and by a test, so an explanation describes the model that answered.
/// </summary>
public sealed record TreeEnsemble(double Bias, IReadOnlyList<TreeNodes> Trees)
{
    public double Score(ReadOnlySpan<float> x)
    {
        var sum = Bias;
        foreach (var t in Trees)
        {
            sum += t.Weight * t.Leaves[Leaf(t, x)];
        }

        return sum;
    }

    private static int Leaf(TreeNodes t, ReadOnlySpan<float> x)
    {
        if (t.Left.Length == 0) return 0;
        var node = 0;
        while (node >= 0)
        {
            node = x[t.Feature[node]] <= t.Threshold[node] ? t.Left[node] : t.Right[node];
        }

        return ~node;
    }

    /// <summary>
    /// The ensemble of a fitted FastTree or LightGbm binary model; null for other trainers (FastForest averages
    /// quantile trees behind a separate calibrator), which then have no explanation.
    /// </summary>
    public static TreeEnsemble? From(ITransformer failureModel)
    {
        var parameters = failureModel switch
        {
            BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> t => (TreeEnsembleModelParametersBasedOnRegressionTree)t.Model.SubModel,
            BinaryPredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>> t => t.Model.SubModel,
            _ => null,
        };
        if (parameters is null) return null;
        var ensemble = parameters.TrainedTreeEnsemble;
        var trees = new List<TreeNodes>(ensemble.Trees.Count);
        for (var i = 0; i < ensemble.Trees.Count; i++)
        {
            var tree = ensemble.Trees[i];
            if (tree.CategoricalSplitFlags.Any(c => c))
            {
                throw new NotSupportedException("the failure model uses categorical splits, which the explanation does not walk");
            }

            trees.Add(new TreeNodes([.. tree.LeftChild], [.. tree.RightChild], [.. tree.NumericalSplitFeatureIndexes], [.. tree.NumericalSplitThresholds],
                [.. tree.LeafValues], ensemble.TreeWeights[i]));
        }

        return new TreeEnsemble(ensemble.Bias, trees);
    }
}
