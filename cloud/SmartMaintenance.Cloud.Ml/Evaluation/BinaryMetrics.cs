namespace SmartMaintenance.Cloud.Ml.Evaluation;

/// <summary>Machine-failure metrics of one evaluation (one held-out fold, or pooled out-of-fold predictions).</summary>
public sealed record BinaryMetrics(
    double F1,
    double Precision,
    double Recall,
    double RocAuc,
    double PrAuc,
    int TruePositives,
    int FalsePositives,
    int TrueNegatives,
    int FalseNegatives)
{
    public static BinaryMetrics Compute(IReadOnlyList<bool> labels, IReadOnlyList<float> probabilities, double threshold)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var predicted = probabilities[i] >= threshold;
            if (predicted && labels[i]) tp++;
            else if (predicted) fp++;
            else if (labels[i]) fn++;
            else tn++;
        }

        var precision = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
        var recall = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new BinaryMetrics(f1, precision, recall, RocAucOf(labels, probabilities), AveragePrecision(labels, probabilities), tp, fp, tn, fn);
    }

    /// <summary>ROC-AUC as the Mann-Whitney statistic: P(score of a positive > score of a negative), ties count half.</summary>
    public static double RocAucOf(IReadOnlyList<bool> labels, IReadOnlyList<float> scores)
    {
        var order = Enumerable.Range(0, labels.Count).OrderBy(i => scores[i]).ToArray();
        double rankSumPositives = 0;
        long positives = 0;
        var k = 0;
        while (k < order.Length)
        {
            var j = k;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[k]]) j++;
            var averageRank = (k + j) / 2.0 + 1;
            for (var m = k; m <= j; m++)
            {
                if (labels[order[m]]) { rankSumPositives += averageRank; positives++; }
            }

            k = j + 1;
        }

        long negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (rankSumPositives - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }

    /// <summary>PR-AUC as average precision: the mean of the precision at the rank of each positive (ties grouped).</summary>
    public static double AveragePrecision(IReadOnlyList<bool> labels, IReadOnlyList<float> scores)
    {
        var order = Enumerable.Range(0, labels.Count).OrderByDescending(i => scores[i]).ToArray();
        var positives = labels.Count(l => l);
        if (positives == 0) return double.NaN;
        double sum = 0;
        int tp = 0, seen = 0, k = 0;
        while (k < order.Length)
        {
            var j = k;
            var groupPositives = 0;
            while (j < order.Length && scores[order[j]] == scores[order[k]])
            {
                if (labels[order[j]]) groupPositives++;
                j++;
            }

            tp += groupPositives;
            seen = j;
            sum += groupPositives * (tp / (double)seen);
            k = j;
        }

        return sum / positives;
    }
}
