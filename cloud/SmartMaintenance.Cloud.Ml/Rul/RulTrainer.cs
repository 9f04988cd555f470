using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace SmartMaintenance.Cloud.Ml.Rul;

/// <summary>
/// Trains the RUL regression on train_FD001 (one row per engine and cycle, target min(Cap, cycles left)), gets
/// the interval bands from out-of-fold residuals of a grouped cross-validation over the training engines (an
/// engine's cycles are never split across folds), then scores test_FD001's last cycles against RUL_FD001.
/// The test engines are never used for fitting or for choosing anything.
/// </summary>
public static class RulTrainer
{
    /// <summary>Upper edges of the prediction bands the interval quantiles are taken in (errors grow as the estimate falls from the cap).</summary>
    private static readonly double[] BandEdges = [40, 80];

    public static (RulModel Model, RulReport Report) TrainAndEvaluate(
        IReadOnlyList<CmapssEngine> train, IReadOnlyList<CmapssEngine> test, RulOptions options, string dataSha256, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var ml = new MLContext(options.Seed);
        var rows = train.Select(e => Rows(e, options.Cap).ToList()).ToList();

        // Grouped folds: engine i goes to fold i mod k (units are numbered 1..100 with no order in their lives).
        var oof = new List<(double Predicted, double True)>();
        for (var f = 0; f < options.Folds; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fit = Fit(ml, rows.Where((_, i) => i % options.Folds != f).SelectMany(r => r), options);
            var held = rows.Where((_, i) => i % options.Folds == f).SelectMany(r => r).ToList();
            var predicted = Score(ml, fit, held);
            oof.AddRange(held.Select((r, k) => ((double)predicted[k], (double)r.Label)));
            progress?.Invoke($"RUL fold {f + 1}/{options.Folds} fitted");
        }

        var tail = (1 - options.Coverage) / 2;
        var bands = new List<RulIntervalBand>();
        var from = 0.0;
        // The last band ends just above the cap (estimates are clamped to it); a finite edge, as the manifest is JSON.
        foreach (var to in BandEdges.Append(options.Cap + 1))
        {
            var residuals = oof.Where(p => Math.Clamp(p.Predicted, 0, options.Cap) >= from && Math.Clamp(p.Predicted, 0, options.Cap) < to)
                .Select(p => p.True - p.Predicted).Order().ToArray();
            bands.Add(new RulIntervalBand(from, to, residuals.Length, Quantile(residuals, tail), Quantile(residuals, 1 - tail)));
            from = to;
        }

        var cvRmse = Math.Sqrt(oof.Average(p => (p.Predicted - p.True) * (p.Predicted - p.True)));
        cancellationToken.ThrowIfCancellationRequested();
        var final = Fit(ml, rows.SelectMany(r => r), options);
        progress?.Invoke("RUL final model fitted");

        var testRows = test.Select(e => new RulRow { Features = RulFeatures.Build(e.Sensors, e.Cycles) }).ToList();
        var testScores = Score(ml, final, testRows);
        var manifestDraft = new RulManifest(options, RulFeatures.Names, bands, options.Coverage, 0, 0, dataSha256);
        var model = new RulModel(ml, final, manifestDraft);
        var results = test.Select((e, i) =>
        {
            var est = model.Estimate(testScores[i], e.Cycles, "", 0);
            return new RulTestResult(e.Unit, e.Cycles, e.TrueRul!.Value, est.Rul, est.Low, est.High);
        }).ToList();

        var rmse = Math.Sqrt(results.Average(r => (r.Predicted - r.TrueRul) * (r.Predicted - r.TrueRul)));
        var rmseCapped = Math.Sqrt(results.Average(r => Math.Pow(r.Predicted - Math.Min(options.Cap, r.TrueRul), 2)));
        var mae = results.Average(r => Math.Abs(r.Predicted - r.TrueRul));
        var phm = RulReport.Phm08(results.Select(r => (r.Predicted, (double)r.TrueRul)));
        var coverage = results.Count(r => r.TrueRul >= r.Low && r.TrueRul <= r.High) / (double)results.Count;
        var report = new RulReport(options.Describe(), options.Cap, train.Count, rows.Sum(r => r.Count), test.Count, rmse, rmseCapped, mae, phm, cvRmse,
            bands, coverage, options.Coverage, results);
        return (new RulModel(ml, final, manifestDraft with { Rmse = rmse, Phm08Score = phm }), report);
    }

    internal static IEnumerable<RulRow> Rows(CmapssEngine e, int cap)
    {
        for (var t = RulModel.MinimumCycles; t <= e.Cycles; t++)
        {
            yield return new RulRow { Features = RulFeatures.Build(e.Sensors, t), Label = Math.Min(cap, e.Cycles - t) };
        }
    }

    private static ITransformer Fit(MLContext ml, IEnumerable<RulRow> rows, RulOptions o) =>
        ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            NumberOfIterations = o.Trees,
            NumberOfLeaves = o.Leaves,
            MinimumExampleCountPerLeaf = o.MinimumExamplesPerLeaf,
            LearningRate = o.LearningRate,
            NumberOfThreads = 1,
            Seed = o.Seed,
            Silent = true,
        }).Fit(ml.Data.LoadFromEnumerable(rows.ToList()));

    private static float[] Score(MLContext ml, ITransformer model, IReadOnlyList<RulRow> rows) =>
        ml.Data.CreateEnumerable<RulScore>(model.Transform(ml.Data.LoadFromEnumerable(rows)), reuseRowObject: false).Select(s => s.Score).ToArray();

    private static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return 0;
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(sorted.Length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
