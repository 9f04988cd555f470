namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>
/// How one channel is standardized: its baseline median and a spread that is never zero. The spread is the
/// largest of a robust standard deviation (MAD and IQR based), a fraction of the channel's typical non-zero step
/// (or of its reporting resolution, for a channel that never moved), a fraction of its baseline range and a
/// magnitude-relative and absolute floor. The step term is what keeps a stepped sensor (pressure in 5 levels)
/// from reading an ordinary one-level step as 50 standard deviations: its MAD is 0, its step is not.
/// </summary>
internal readonly record struct ChannelScale(double Center, double Spread)
{
    public double Standardize(double value) => (value - Center) / Spread;

    public static ChannelScale Fit(ReadOnlySpan<double> values, MachineDetectorOptions options)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var median = Quantile(sorted, 0.5);
        var deviations = new double[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            deviations[i] = Math.Abs(sorted[i] - median);
        }

        Array.Sort(deviations);

        // 1.4826 and 1.349 turn the MAD and the IQR into standard deviations for Gaussian data.
        var robust = Math.Max(1.4826 * Quantile(deviations, 0.5), (Quantile(sorted, 0.75) - Quantile(sorted, 0.25)) / 1.349);
        var range = sorted[^1] - sorted[0];
        var step = TypicalStep(values);
        if (step == 0)
        {
            step = Resolution(sorted);
        }

        var spread = Math.Max(
            Math.Max(robust, options.SpreadStepFraction * step),
            Math.Max(options.SpreadRangeFraction * range, Math.Max(options.SpreadRelativeFloor * Math.Abs(median), options.SpreadAbsoluteFloor)));
        return new ChannelScale(median, spread);
    }

    /// <summary>Median of the non-zero absolute differences between consecutive values; 0 if the channel never moved.</summary>
    private static double TypicalStep(ReadOnlySpan<double> values)
    {
        var steps = new List<double>(values.Length);
        for (var i = 1; i < values.Length; i++)
        {
            var d = Math.Abs(values[i] - values[i - 1]);
            if (d > 0)
            {
                steps.Add(d);
            }
        }

        if (steps.Count == 0)
        {
            return 0;
        }

        steps.Sort();
        return Quantile(steps, 0.5);
    }

    /// <summary>
    /// The reporting resolution of a channel that never moved: the coarsest power of ten (1 down to 1e-6) of
    /// which every value is a whole multiple, so a constant 0 or 5 may step by 1 and a constant 101.3 by 0.1
    /// without reading as a huge deviation. 0 when the values carry more decimals than that.
    /// </summary>
    private static double Resolution(double[] values)
    {
        for (var decimals = 0; decimals <= 6; decimals++)
        {
            var scale = Math.Pow(10, decimals);
            var whole = true;
            foreach (var v in values)
            {
                var scaled = v * scale;
                if (Math.Abs(scaled - Math.Round(scaled)) > 1e-6 * Math.Max(1, Math.Abs(scaled)))
                {
                    whole = false;
                    break;
                }
            }

            if (whole)
            {
                return 1 / scale;
            }
        }

        return 0;
    }

    private static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 1)
        {
            return sorted[0];
        }

        var position = q * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
