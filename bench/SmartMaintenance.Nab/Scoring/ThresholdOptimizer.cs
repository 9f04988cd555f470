namespace SmartMaintenance.Nab.Scoring;

/// <summary>A corpus-level raw score at one threshold.</summary>
public readonly record struct ThresholdScore(double Threshold, double Score, int Tp, int Tn, int Fp, int Fn);

/// <summary>
/// NAB's threshold optimisation: pool the scored rows of every file, sort them by anomaly score (highest
/// first) and lower the threshold one distinct score at a time, keeping per window the best (earliest)
/// detection and summing false positives. Every distinct score is tried, so the optimum is exact, not a
/// local search. The first threshold, 1.1, detects nothing. Ties in score go to the higher threshold, as
/// NAB's stable sort does.
/// </summary>
public static class ThresholdOptimizer
{
    public static ThresholdScore Optimise(IReadOnlyList<SweepRow[]> files, NabProfile profile) =>
        Sweep(files, profile).MaxBy(s => s.Score);

    public static List<ThresholdScore> Sweep(IReadOnlyList<SweepRow[]> files, NabProfile profile)
    {
        // Give each file's windows a corpus-wide id.
        int total = files.Sum(f => f.Count(r => r.Scorable));
        var scores = new double[total];
        var windows = new int[total];
        var values = new double[total];
        int n = 0, offset = 0;
        foreach (var rows in files)
        {
            int maxWindow = -1;
            foreach (var row in rows)
            {
                if (!row.Scorable)
                {
                    continue;
                }

                scores[n] = row.AnomalyScore;
                windows[n] = row.InWindow ? offset + row.Window : -1;
                values[n] = row.Weighted(profile);
                maxWindow = Math.Max(maxWindow, row.Window);
                n++;
            }

            offset += maxWindow + 1;
        }

        var best = new double[offset];
        var present = new bool[offset];
        int tn = 0, fn = 0;
        for (int i = 0; i < n; i++)
        {
            if (windows[i] >= 0)
            {
                present[windows[i]] = true;
                fn++;
            }
            else
            {
                tn++;
            }
        }

        double windowPart = 0;
        for (int w = 0; w < offset; w++)
        {
            best[w] = -profile.FnWeight;
            windowPart += present[w] ? -profile.FnWeight : 0;
        }

        var order = Enumerable.Range(0, n).ToArray();
        // Stable: Array.Sort is not, so sort by (score desc, position asc).
        Array.Sort(order, (a, b) => scores[a] != scores[b] ? scores[b].CompareTo(scores[a]) : a.CompareTo(b));

        var result = new List<ThresholdScore>();
        double threshold = 1.1, falsePositives = 0;
        int tp = 0, fp = 0;
        foreach (int i in order)
        {
            if (scores[i] != threshold)
            {
                result.Add(new ThresholdScore(threshold, windowPart + falsePositives, tp, tn, fp, fn));
                threshold = scores[i];
            }

            int w = windows[i];
            if (w >= 0)
            {
                tp++;
                fn--;
                if (values[i] > best[w])
                {
                    windowPart += values[i] - best[w];
                    best[w] = values[i];
                }
            }
            else
            {
                fp++;
                tn--;
                falsePositives += values[i];
            }
        }

        result.Add(new ThresholdScore(threshold, windowPart + falsePositives, tp, tn, fp, fn));
        return result;
    }
}
