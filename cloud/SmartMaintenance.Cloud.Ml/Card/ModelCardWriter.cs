using System.Globalization;
using System.Text;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Evaluation;
using SmartMaintenance.Cloud.Ml.Features;
using SmartMaintenance.Cloud.Ml.Retraining;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Card;

/// <summary>What one run of the train command measured, for the card.</summary>
/// <param name="Metric">The metric the chosen candidate won on (f1, prAuc or rocAuc).</param>
/// <param name="Baseline">TrainingOptions.Fast under the same protocol: what the cloud trains on first start.</param>
/// <param name="BaselineIsTheClouds">True when Baseline ran with exactly the cloud's options (seeds included).</param>
/// <param name="Registered">The registration outcome with --registry, else null.</param>
public sealed record ModelCardRun(
    Ai4iDataset Data,
    IReadOnlyList<CrossValidationReport> Candidates,
    CrossValidationReport Chosen,
    string Metric,
    CrossValidationReport Baseline,
    bool BaselineIsTheClouds,
    string Command,
    DateTimeOffset GeneratedUtc,
    TimeSpan Duration,
    string? Registered);

/// <summary>
/// Writes docs/models/ai4i.md from the reports of one run of the train command. Every figure in the card comes
/// from the reports and the data passed in; the published anchors are quoted from data/ai4i2020/ATTRIBUTION.md.
/// </summary>
public static class ModelCardWriter
{
    /// <summary>Best in-sample F1 of "wear in [a, b] → TWF" over integer a ≤ b: an optimistic ceiling for TWF.</summary>
    internal static (double F1, int Low, int High) TwfCeiling(Ai4iDataset data)
    {
        const int max = 300;
        var all = new int[max + 2];
        var twf = new int[max + 2];
        foreach (var r in data.Rows)
        {
            var w = Math.Clamp((int)Math.Round(r.Reading.ToolWearMin), 0, max);
            all[w + 1]++;
            if (FailureModes.ClassOf(r) == 1) twf[w + 1]++;
        }

        for (var i = 1; i <= max + 1; i++) { all[i] += all[i - 1]; twf[i] += twf[i - 1]; }
        var positives = twf[max + 1];
        (double F1, int Low, int High) best = (0, 0, 0);
        for (var a = 0; a <= max; a++)
        {
            for (var b = a; b <= max; b++)
            {
                var tp = twf[b + 1] - twf[a];
                var flagged = all[b + 1] - all[a];
                var f1 = flagged + positives == 0 ? 0 : 2.0 * tp / (flagged + positives);
                if (f1 > best.F1) best = (f1, a, b);
            }
        }

        return best;
    }

    private static void AppendCalibration(StringBuilder s, CrossValidationReport chosen)
    {
        var c = CultureInfo.InvariantCulture;
        s.AppendLine("## Calibration");
        s.AppendLine(c, $"The served probability is the ensemble's raw score through a Platt map fitted on out-of-fold scores: p = 1 / (1 + exp({chosen.Calibration.Slope:F4} · score + {chosen.Calibration.Offset:F4})) for the registered model (fitted on every out-of-fold score of the protocol). The figures below are honest: each held-out fold's probabilities went through a map fitted on the *other* folds only, and its threshold was chosen on those calibrated probabilities.");
        s.AppendLine();
        s.AppendLine("| | Brier score | ECE (10 bins) |");
        s.AppendLine("|---|---|---|");
        s.AppendLine(c, $"| calibrated on held-out scores (served) | {chosen.Calibrated.Brier:F4} | {chosen.Calibrated.Ece:F4} |");
        s.AppendLine(c, $"| ML.NET's built-in probability (calibrated on its own training rows) | {chosen.Uncalibrated.Brier:F4} | {chosen.Uncalibrated.Ece:F4} |");
        s.AppendLine();
        s.AppendLine("Reliability (all held-out predictions of every repetition):");
        s.AppendLine();
        s.AppendLine("| predicted | rows | mean predicted | observed failure rate |");
        s.AppendLine("|---|---|---|---|");
        foreach (var b in chosen.Calibrated.Bins)
        {
            s.AppendLine(c, $"| {b.Low:P0}–{b.High:P0} | {b.Rows:N0} | {(b.Rows == 0 ? "—" : b.MeanPredicted.ToString("P1", c))} | {(b.Rows == 0 ? "—" : b.ObservedRate.ToString("P1", c))} |");
        }

        s.AppendLine();
    }

    public static string Write(ModelCardRun run)
    {
        var (data, candidates, chosen, baseline) = (run.Data, run.Candidates, run.Chosen, run.Baseline);
        var (command, generatedUtc, duration, registered) = (run.Command, run.GeneratedUtc, run.Duration, run.Registered);
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine("# Model card: AI4I 2020 machine-failure model");
        s.AppendLine();
        s.AppendLine(c, $"Generated {generatedUtc:yyyy-MM-dd HH:mm} UTC by `{command}` in {duration.TotalMinutes:F1} min. Do not edit by hand: rerun the command.");
        s.AppendLine();
        s.AppendLine("## Data");
        s.AppendLine(c, $"- AI4I 2020 (Matzka, UCI 601, CC BY 4.0; data/ai4i2020/ATTRIBUTION.md): {data.Rows.Count:N0} rows, {data.Failures} machine failures ({100.0 * data.Failures / data.Rows.Count:F2}%).");
        s.AppendLine(c, $"- File SHA-256 `{data.Sha256}`, checked by the loader with the header and the row count.");
        s.AppendLine(c, $"- Always answering \"no failure\" is {100.0 * (data.Rows.Count - data.Failures) / data.Rows.Count:F2}% accurate, so accuracy is not reported: F1, precision, recall, ROC-AUC and PR-AUC are.");
        s.AppendLine();
        s.AppendLine("## Features");
        s.AppendLine(string.Join(", ", FeatureBuilder.Names.Select(n => $"`{n}`")) + ".");
        s.AppendLine("Product type one-hot; mechanical power = torque × speed × 2π/60 (W). The margins are the machine's distance to each physical limit of the data generator (data/ai4i2020/ATTRIBUTION.md; negative = past it): `Temperature_margin_K` = ΔT − 8.6 K, `Speed_margin_rpm` = speed − 1,380 rpm, `Heat_dissipation_margin` = the larger of the two relative margins (heat dissipation fails only when both are crossed), `Power_margin_W` = distance to the nearer edge of the 3,500–9,000 W window, `Overstrain_margin_minNm` = 11,000 / 12,000 / 13,000 (type L / M / H) − tool wear × torque. They are knowledge of the machine, not of its failures.");
        s.AppendLine("The failure-mode columns TWF, HDF, PWF, OSF, RNF are never features (they restate the label); a unit test asserts it.");
        s.AppendLine();
        s.AppendLine("## Protocol");
        s.AppendLine(c, $"- Stratified {chosen.Folds.Select(f => f.Fold).Distinct().Count()}-fold cross-validation, repeated with seeds {string.Join(", ", chosen.Folds.Select(f => f.Seed).Distinct())}: {chosen.Folds.Count} held-out folds per candidate. Strata: failure mode (so every fold holds its share of each mode).");
        s.AppendLine("- Class imbalance: failure rows weighted sqrt(normal/failure) in training; the decision threshold of each held-out fold is tuned for F1 on the out-of-fold predictions of the *other* folds of the same repetition, so a fold's own labels never choose its threshold.");
        s.AppendLine("- Metrics below are mean ± standard deviation over the held-out folds (min–max in brackets).");
        s.AppendLine();
        s.AppendLine("## Candidates (machine failure)");
        s.AppendLine("| configuration | F1 | precision | recall | ROC-AUC | PR-AUC | mode macro-F1 |");
        s.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in candidates)
        {
            s.AppendLine(c, $"| {r.Configuration} | {r.F1} | {r.Precision.Mean:F3} | {r.Recall.Mean:F3} | {r.RocAuc.Mean:F3} | {r.PrAuc.Mean:F3} | {r.ModeMacroF1.Mean:F3} |");
        }

        s.AppendLine();
        s.AppendLine(c, $"## Chosen model (highest mean {MetricName(run.Metric)})");
        s.AppendLine(c, $"Configuration: {chosen.Configuration}.");
        s.AppendLine();
        AppendMetrics(s, chosen, withModes: false);
        var (tp, fp, tn, fn) = chosen.MeanConfusion;
        s.AppendLine();
        s.AppendLine("Confusion matrix over all rows (each row held out once per repetition; mean over repetitions):");
        s.AppendLine();
        s.AppendLine("| | predicted failure | predicted no failure |");
        s.AppendLine("|---|---|---|");
        s.AppendLine(c, $"| actual failure | {tp:F1} | {fn:F1} |");
        s.AppendLine(c, $"| actual no failure | {fp:F1} | {tn:F1} |");
        s.AppendLine();
        s.AppendLine(c, $"Threshold of the registered model: {chosen.PooledThreshold:F3} (F1-optimal on all out-of-fold predictions pooled; per-fold thresholds ranged {chosen.Folds.Min(f => f.Threshold):F3}–{chosen.Folds.Max(f => f.Threshold):F3}).");
        s.AppendLine();
        s.AppendLine("## Failure-mode classifier");
        s.AppendLine("Classes None, TWF, HDF, PWF, OSF (LightGbm multiclass, class weights sqrt of inverse frequency, same folds). Random failures (RNF) are random by construction (0.1%) and failures with no mode flag cannot be labelled: those rows are left out of this model's data; a row with several modes takes the one its inputs explain, in the order HDF, PWF, OSF, TWF (tool wear failure is random between 200 and 240 min; 3 TWF rows also meet another mode's rule).");
        s.AppendLine();
        s.AppendLine(c, $"Macro-F1: {chosen.ModeMacroF1}.");
        s.AppendLine();
        s.AppendLine("| mode | recall | F1 |");
        s.AppendLine("|---|---|---|");
        for (var m = 0; m < chosen.ModeNames.Count; m++)
        {
            var i = m;
            s.AppendLine(c, $"| {chosen.ModeNames[m]} | {Spread.Of(chosen.Folds.Select(f => f.Modes.Recall[i]))} | {Spread.Of(chosen.Folds.Select(f => f.Modes.F1[i]))} |");
        }

        s.AppendLine();
        AppendBaseline(s, run);
        AppendServing(s, run);
        s.AppendLine("## Against the published leakage-free results");
        s.AppendLine("| | published | goal | this model |");
        s.AppendLine("|---|---|---|---|");
        s.AppendLine(c, $"| F1, machine failure | 0.895 (XGBoost) | ≥ 0.90 | {chosen.F1.Mean:F3} {Verdict(chosen.F1.Mean, 0.90)} |");
        s.AppendLine(c, $"| ROC-AUC | 0.966 / 0.971 (RF / GB) | ≥ 0.975 | {chosen.RocAuc.Mean:F3} {Verdict(chosen.RocAuc.Mean, 0.975)} |");
        s.AppendLine(c, $"| failure-mode macro-F1 | 0.842 (XGBoost, 5 classes) | ≥ 0.85 | {chosen.ModeMacroF1.Mean:F3} {Verdict(chosen.ModeMacroF1.Mean, 0.85)} |");
        s.AppendLine();
        s.AppendLine("The published protocols differ from ours in details (class sets, threshold choice, folds), so the comparison is indicative.");
        s.AppendLine();
        AppendCalibration(s, chosen);
        s.AppendLine("## Explanations");
        s.AppendLine(c, $"With `?explain=true` (API) and on the Prediction page, each prediction comes with one contribution per model feature in **log-odds of the calibrated failure probability**: exact interventional Shapley values of the boosted ensemble's raw score (TreeSHAP against {ModelTrainer.BackgroundRows} background rows, every n-th training row), multiplied by the calibration map's slope. Base value (the background's mean, mapped) + Σ contributions = log(p / (1 − p)) of the probability served, so the explanation accounts for the whole answer, 99.9 % included. A test checks the sum on 26 inputs for both boosted trainers (FailurePredictorTests.PredictAsync_Explanation_SumsWithBaseValueToCalibratedLogOdds); the tree copy the explanation walks is checked against ML.NET's score when the model is fitted. Cost: about a millisecond of CPU per explanation, so it is computed only on request.");
        s.AppendLine();
        s.AppendLine("## Limits");
        s.AppendLine("- AI4I is synthetic: failure rules are deterministic functions of the inputs plus random failures. Metrics here say how well the rules are learned, not how a real plant behaves; retrain on plant data before trusting it there.");
        var (twfCeiling, twfLo, twfHi) = TwfCeiling(data);
        s.AppendLine(c, $"- Tool-wear failures (TWF) happen at a random wear between 200 and 240 min, so they are barely predictable from one reading. Even chosen on all rows with hindsight, the best rule \"tool wear in [a, b] → TWF\" reaches TWF F1 {twfCeiling:F3} (a = {twfLo}, b = {twfHi} min). With the other four classes perfect that caps the 5-class macro-F1 at about {(4 + twfCeiling) / 5:F3}, so the 0.85 goal is out of reach of any model of these inputs; the macro-F1 of None, HDF, PWF and OSF alone is {Spread.Of(chosen.Folds.Select(f => (f.Modes.F1[0] + f.Modes.F1[2] + f.Modes.F1[3] + f.Modes.F1[4]) / 4))}.");
        var unlearnable = data.Rows.Count(r => r.MachineFailure && FailureModes.ClassOf(r) is null);
        s.AppendLine(c, $"- {unlearnable} of the {data.Failures} failures carry no mode flag or only the random one (RNF): nothing in the inputs explains them, which caps recall at about {1 - unlearnable / (double)data.Failures:F3}.");
        s.AppendLine("- The threshold trades precision for recall; a plant that prefers fewer missed failures should lower it.");
        s.AppendLine("- The calibration is Platt scaling (two parameters), chosen so the explanation stays additive; the reliability table shows where it is off.");
        if (registered is not null)
        {
            s.AppendLine();
            s.AppendLine("## Registration");
            s.AppendLine(registered);
        }

        return s.ToString();
    }

    /// <summary>The held-out metrics of one configuration, as a two-column table.</summary>
    private static void AppendMetrics(StringBuilder s, CrossValidationReport r, bool withModes)
    {
        var c = CultureInfo.InvariantCulture;
        s.AppendLine("| metric | held-out folds |");
        s.AppendLine("|---|---|");
        s.AppendLine(c, $"| F1 | {r.F1} |");
        s.AppendLine(c, $"| precision | {r.Precision} |");
        s.AppendLine(c, $"| recall | {r.Recall} |");
        s.AppendLine(c, $"| ROC-AUC | {r.RocAuc} |");
        s.AppendLine(c, $"| PR-AUC (average precision) | {r.PrAuc} |");
        if (withModes)
        {
            s.AppendLine(c, $"| failure-mode macro-F1 | {r.ModeMacroF1} |");
        }
    }

    private static void AppendBaseline(StringBuilder s, ModelCardRun run)
    {
        var c = CultureInfo.InvariantCulture;
        var b = run.Baseline;
        s.AppendLine("## The baseline the cloud trains on first start");
        s.AppendLine(c, $"With no production version in its registry, the cloud trains this configuration in the background (`TrainingOptions.Fast`, Ml/BaselineTrainingService.cs) and promotes it: {b.Configuration}, seeds {string.Join(", ", b.Folds.Select(f => f.Seed).Distinct())}. It is the model served until a retraining or a registration replaces it (next section).");
        s.AppendLine();
        AppendMetrics(s, b, withModes: true);
        s.AppendLine();
        s.AppendLine(c, $"Threshold: {b.PooledThreshold:F3}. Against the chosen model: F1 {b.F1.Mean - run.Chosen.F1.Mean:+0.000;-0.000}, PR-AUC {b.PrAuc.Mean - run.Chosen.PrAuc.Mean:+0.000;-0.000}, ROC-AUC {b.RocAuc.Mean - run.Chosen.RocAuc.Mean:+0.000;-0.000}.");
        var gain = CandidateSearch.Score(run.Chosen.Summary(), run.Metric) - CandidateSearch.Score(b.Summary(), run.Metric);
        var margin = new RetrainingOptions().Margin;
        var outcome = gain >= margin
            ? "at least the default margin ({1:F3}): a full retraining replaces the baseline with it."
            : "less than the default margin ({1:F3}): a full retraining keeps the baseline in production, and the figures the cloud serves with are this section's.";
        s.AppendLine(string.Format(c, "The chosen model's mean {2} is {0:+0.000;-0.000} against this baseline on the same folds, " + outcome, gain, margin, MetricName(run.Metric)));
        s.AppendLine();
        s.AppendLine(run.BaselineIsTheClouds
            ? "Training is deterministic under these seeds, so the cloud's registry entry for this baseline (`GET /api/v1/ml/models`, the dashboard's Models and System pages) holds these same means and this threshold."
            : "This run did not use the cloud's seeds, so the cloud's registered baseline has other figures; rerun the command with its defaults for the ones the cloud registers.");
        s.AppendLine();
    }

    private static void AppendServing(StringBuilder s, ModelCardRun run)
    {
        s.AppendLine("## Serving the chosen model");
        s.AppendLine("The cloud serves its production version (`model_version` auto); the Models page shows which one and its configuration's metrics. To replace the baseline with the chosen model:");
        s.AppendLine();
        s.AppendLine("- Cloud running (e.g. `./run.sh`): `curl -X POST -H \"x-api-key: $(cat .run/api-key)\" \"http://127.0.0.1:5080/api/v1/ml/retrain?profile=full\"` answers 202 with a job; `GET /api/v1/ml/retrain/jobs/{id}` shows its progress and then the decision. Profile full is this command's search on the same file, so with the default metric (F1) its challenger is the chosen configuration with the figures above.");
        s.AppendLine("- Cloud stopped: `dotnet run -c Release --project cloud/SmartMaintenance.Cloud.Ml.Cli -- train --registry .run/ml` registers into run.sh's registry (another cloud: the `ml` folder beside its SQLite file, or `Cloud:Ml:RegistryPath`). The registry file is cached by a running cloud, so stop it first.");
        s.AppendLine();
        s.AppendLine(run.Registered is null
            ? "Either way the challenger is promoted only if it beats the champion's configuration, re-scored on the same held-out folds, by the margin (`Cloud:Ml:Retraining:Margin`, `--margin`; 0.005 by default; `--margin -1` promotes unconditionally); a refused challenger is not stored. Every decision is listed by `GET /api/v1/ml/decisions`."
            : "Either way the challenger is promoted only if it beats the champion's configuration, re-scored on the same held-out folds, by the margin (`Cloud:Ml:Retraining:Margin`, `--margin`; 0.005 by default; `--margin -1` promotes unconditionally); a refused challenger is not stored. This run's outcome is under Registration below.");
        s.AppendLine();
    }

    private static string MetricName(string metric) => metric switch
    {
        "prAuc" => "PR-AUC",
        "rocAuc" => "ROC-AUC",
        _ => "F1",
    };

    private static string Verdict(double value, double goal) => value >= goal ? "(goal met)" : "(goal not met)";
}
