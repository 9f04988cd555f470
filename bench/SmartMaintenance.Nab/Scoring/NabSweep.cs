using SmartMaintenance.Nab.Corpus;

namespace SmartMaintenance.Nab.Scoring;

/// <summary>
/// Classifies every row of a file the way NAB's sweeper does (SOURCE.md §"How NAB scores"): inside a window
/// the value is s(y) with y = -(right - i + 1) / width; outside, s(|i - previous right| / (previous width - 1)),
/// or s(3) = -1 before the first window; the first min(⌊0.15 n⌋, 750) rows are probation.
/// </summary>
public static class NabSweep
{
    public const double ProbationPercent = 0.15;

    /// <summary>NAB: min(floor(0.15 · n), 0.15 · 5000); rows with index &gt;= this are scored.</summary>
    public static double ProbationLength(int rows) => Math.Min(Math.Floor(ProbationPercent * rows), ProbationPercent * 5000);

    public static SweepRow[] Rows(NabSeries series, ReadOnlySpan<double> anomalyScores)
    {
        if (anomalyScores.Length != series.Length)
        {
            throw new ArgumentException($"{series.RelativePath}: {anomalyScores.Length} scores for {series.Length} rows.");
        }

        var rows = new SweepRow[series.Length];
        double probation = ProbationLength(series.Length);
        int next = 0;
        int current = -1;
        LabelWindow? previous = null;
        for (int i = 0; i < rows.Length; i++)
        {
            if (current < 0 && next < series.Windows.Length && series.Windows[next].Start == i)
            {
                current = next++;
            }

            double unweighted;
            if (current >= 0)
            {
                var w = series.Windows[current];
                unweighted = ScaledSigmoid.Of(-(w.End - i + 1) / (double)w.Width);
            }
            else
            {
                double position = previous is { } p ? Math.Abs(p.End - i) / (double)(p.Width - 1) : 3.0;
                unweighted = ScaledSigmoid.Of(position);
            }

            int window = i >= probation ? current : SweepRow.Probation;
            rows[i] = new SweepRow(anomalyScores[i], window, unweighted);
            if (current >= 0 && i == series.Windows[current].End)
            {
                previous = series.Windows[current];
                current = -1;
            }
        }

        return rows;
    }
}
