using SmartMaintenance.Nab.Corpus;

namespace SmartMaintenance.Nab.Scoring;

/// <summary>Scores one file at a fixed threshold (a row is a detection when its score is &gt;= the threshold).</summary>
public static class NabFileScorer
{
    public static FileScore Score(NabSeries series, ReadOnlySpan<double> anomalyScores, NabProfile profile, double threshold) =>
        Score(series, NabSweep.Rows(series, anomalyScores), profile, threshold);

    public static FileScore Score(NabSeries series, SweepRow[] rows, NabProfile profile, double threshold)
    {
        var rowScores = new double[rows.Length];
        var best = new double[series.Windows.Length];
        var firstScored = new int[series.Windows.Length];
        Array.Fill(best, double.NaN);
        Array.Fill(firstScored, -1);
        int tp = 0, tn = 0, fp = 0, fn = 0;
        double falsePositives = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            if (!row.Scorable)
            {
                continue;
            }

            bool detected = row.AnomalyScore >= threshold;
            if (row.InWindow)
            {
                if (firstScored[row.Window] < 0)
                {
                    firstScored[row.Window] = i;
                }

                if (detected)
                {
                    tp++;
                    double value = row.Weighted(profile);
                    best[row.Window] = double.IsNaN(best[row.Window]) ? value : Math.Max(best[row.Window], value);
                }
                else
                {
                    fn++;
                }
            }
            else if (detected)
            {
                fp++;
                double value = row.Weighted(profile);
                rowScores[i] = value;
                falsePositives += value;
            }
            else
            {
                tn++;
            }
        }

        double total = falsePositives;
        for (int w = 0; w < best.Length; w++)
        {
            if (firstScored[w] < 0)
            {
                continue; // a window wholly inside probation is not scored (NAB asserts it never happens)
            }

            double contribution = double.IsNaN(best[w]) ? -profile.FnWeight : best[w];
            rowScores[firstScored[w]] = contribution;
            total += contribution;
        }

        return new FileScore(series.RelativePath, profile.Name, threshold, total, tp, tn, fp, fn, rows.Length, rowScores);
    }
}
