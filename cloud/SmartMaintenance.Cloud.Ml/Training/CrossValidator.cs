using Microsoft.ML;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Evaluation;
using SmartMaintenance.Cloud.Ml.Features;

namespace SmartMaintenance.Cloud.Ml.Training;

/// <summary>
/// Stratified k-fold cross-validation repeated over several seeds. Nothing about a held-out fold is seen before
/// it is scored: the models are fitted on the other folds, and the fold's decision threshold is tuned on the
/// out-of-fold predictions of the other folds of the same repetition (never on its own labels).
/// </summary>
public sealed class CrossValidator(TrainingOptions options)
{
    /// <param name="subset">
    /// Rows whose held-out predictions are also scored apart (FoldResult.Subset, CrossValidationReport.SubsetF1), e.g. the
    /// baseline's rows of a training set that also holds the plant's: what the extra rows cost on the baseline's own data.
    /// </param>
    public CrossValidationReport Run(Ai4iDataset data, Action<string>? progress = null, CancellationToken cancellationToken = default,
        Func<Ai4iRecord, bool>? subset = null)
    {
        var set = new TrainingSet(data, options);
        var inSubset = subset is null ? null : data.Rows.Select(subset).ToArray();
        var stratum = set.Labels.Select((l, i) => set.ModeClass[i] ?? (l ? 9 : 0)).ToArray();
        var folds = new List<FoldResult>();
        var pooledLabels = new List<bool>();
        var pooledScores = new List<float>();
        var pooledCalibrated = new List<double>();
        var pooledUncalibrated = new List<double>();
        var pooledModeActual = new List<int>();
        var pooledModePredicted = new List<int>();

        foreach (var seed in options.Seeds)
        {
            var ml = new MLContext(seed);
            var assignment = StratifiedFolds.Assign(stratum, options.Folds, seed);
            // Raw ensemble scores of each row from the models that did not see it, and ML.NET's own probability
            // (its calibrator is fitted on the training rows: kept only to show what calibration on held-out scores changes).
            var oof = new float[set.Count];
            var uncalibrated = new float[set.Count];
            var calibrated = new double[set.Count];
            var modePredicted = new int?[set.Count];
            for (var f = 0; f < options.Folds; f++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var train = Enumerable.Range(0, set.Count).Where(i => assignment[i] != f).ToList();
                var test = Enumerable.Range(0, set.Count).Where(i => assignment[i] == f).ToList();
                var failure = Fitter.FitFailure(ml, set, train, options, seed);
                var scores = Fitter.ScoreFailure(ml, failure, set, test);
                for (var k = 0; k < test.Count; k++) (oof[test[k]], uncalibrated[test[k]]) = scores[k];

                var modeModel = Fitter.FitModes(ml, set, train, options, seed);
                var modeTest = test.Where(i => set.ModeClass[i] is not null).ToList();
                var modes = Fitter.PredictModes(ml, modeModel, set, modeTest);
                for (var k = 0; k < modeTest.Count; k++) modePredicted[modeTest[k]] = modes[k];
                progress?.Invoke($"seed {seed} fold {f + 1}/{options.Folds} fitted");
            }

            for (var f = 0; f < options.Folds; f++)
            {
                // The fold's calibration map and threshold come from the other folds' out-of-fold scores only.
                var others = Enumerable.Range(0, set.Count).Where(i => assignment[i] != f).ToList();
                var othersLabels = others.Select(i => set.Labels[i]).ToList();
                var map = PlattMap.Fit(ml, others.Select(i => oof[i]).ToList(), othersLabels);
                var threshold = ThresholdTuner.BestF1Threshold(othersLabels, others.Select(i => (float)map.Probability(oof[i])).ToList());
                var test = Enumerable.Range(0, set.Count).Where(i => assignment[i] == f).ToList();
                foreach (var i in test) calibrated[i] = map.Probability(oof[i]);
                var metrics = BinaryMetrics.Compute(test.Select(i => set.Labels[i]).ToList(), test.Select(i => (float)calibrated[i]).ToList(), threshold);
                var modeTest = test.Where(i => modePredicted[i] is not null).ToList();
                var modeMetrics = ModeMetrics.Compute(
                    modeTest.Select(i => set.ModeClass[i]!.Value).ToList(), modeTest.Select(i => modePredicted[i]!.Value).ToList(), FailureModes.Count);
                var scoredApart = inSubset is null ? null : test.Where(i => inSubset[i]).ToList();
                folds.Add(new FoldResult(seed, f, threshold, metrics, modeMetrics)
                {
                    Subset = scoredApart is null ? null
                        : BinaryMetrics.Compute(scoredApart.Select(i => set.Labels[i]).ToList(), scoredApart.Select(i => (float)calibrated[i]).ToList(), threshold),
                });
            }

            pooledLabels.AddRange(set.Labels);
            pooledScores.AddRange(oof);
            pooledCalibrated.AddRange(calibrated);
            pooledUncalibrated.AddRange(uncalibrated.Select(p => (double)p));
            for (var i = 0; i < set.Count; i++)
            {
                if (modePredicted[i] is { } p) { pooledModeActual.Add(set.ModeClass[i]!.Value); pooledModePredicted.Add(p); }
            }
        }

        // The registered model's map and threshold: fitted on every out-of-fold score (CalibratedClassifierCV's
        // "cross_val_predict, then calibrate" recipe); the final model, fitted on all rows, is scored through them.
        var finalMap = PlattMap.Fit(new MLContext(options.Seeds[0]), pooledScores, pooledLabels);
        var pooledProbabilities = pooledScores.Select(s => (float)finalMap.Probability(s)).ToList();
        var pooledThreshold = ThresholdTuner.BestF1Threshold(pooledLabels, pooledProbabilities);
        return new CrossValidationReport(
            options.Describe(),
            data.Rows.Count,
            data.Failures,
            folds,
            pooledThreshold,
            BinaryMetrics.Compute(pooledLabels, pooledProbabilities, pooledThreshold),
            ModeMetrics.Compute(pooledModeActual, pooledModePredicted, FailureModes.Count),
            FailureModes.Names)
        {
            Calibration = finalMap,
            Calibrated = CalibrationReport.Compute(pooledLabels, pooledCalibrated),
            Uncalibrated = CalibrationReport.Compute(pooledLabels, pooledUncalibrated),
        };
    }
}
