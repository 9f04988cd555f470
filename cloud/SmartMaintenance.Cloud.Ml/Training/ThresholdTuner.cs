namespace SmartMaintenance.Cloud.Ml.Training;

/// <summary>Picks the probability threshold with the best F1 on a set of out-of-fold predictions.</summary>
public static class ThresholdTuner
{
    public static double BestF1Threshold(IReadOnlyList<bool> labels, IReadOnlyList<float> probabilities)
    {
        var order = Enumerable.Range(0, labels.Count).OrderByDescending(i => probabilities[i]).ToArray();
        var positives = labels.Count(l => l);
        if (positives == 0) return 0.5;
        double best = -1, threshold = 0.5;
        int tp = 0, k = 0;
        while (k < order.Length)
        {
            var j = k;
            while (j < order.Length && probabilities[order[j]] == probabilities[order[k]])
            {
                if (labels[order[j]]) tp++;
                j++;
            }

            // Predict failure for every row scoring >= this value: j rows flagged, tp of them right.
            var f1 = 2.0 * tp / (j + positives);
            if (f1 > best)
            {
                best = f1;
                // Midway to the next lower score, so small score noise does not flip the boundary row.
                var next = j < order.Length ? probabilities[order[j]] : 0f;
                threshold = (probabilities[order[k]] + next) / 2.0;
            }

            k = j;
        }

        return threshold;
    }
}
