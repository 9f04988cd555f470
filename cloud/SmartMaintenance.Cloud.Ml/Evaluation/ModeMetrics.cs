namespace SmartMaintenance.Cloud.Ml.Evaluation;

/// <summary>Failure-mode metrics: macro-F1 over the classes and recall per class.</summary>
public sealed record ModeMetrics(double MacroF1, IReadOnlyList<double> Recall, IReadOnlyList<double> F1)
{
    public static ModeMetrics Compute(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, int classes)
    {
        var recall = new double[classes];
        var f1 = new double[classes];
        for (var c = 0; c < classes; c++)
        {
            int tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < actual.Count; i++)
            {
                if (predicted[i] == c && actual[i] == c) tp++;
                else if (predicted[i] == c) fp++;
                else if (actual[i] == c) fn++;
            }

            var p = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
            recall[c] = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
            f1[c] = p + recall[c] == 0 ? 0 : 2 * p * recall[c] / (p + recall[c]);
        }

        return new ModeMetrics(f1.Average(), recall, f1);
    }
}
