using System.Globalization;
using System.Text;
using SmartMaintenance.Cloud.Ml.Rul;

namespace SmartMaintenance.Cloud.Ml.Card;

/// <summary>Writes docs/models/cmapss-rul.md from one run of `train-rul`.</summary>
public static class RulCardWriter
{
    public static string Write(RulReport r, string command, DateTimeOffset when, TimeSpan took, string? registered)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine("# Model card: NASA C-MAPSS FD001 remaining useful life");
        s.AppendLine();
        s.AppendLine(c, $"Generated {when:yyyy-MM-dd HH:mm} UTC by `{command}` in {took.TotalMinutes:F1} min. Do not edit by hand: rerun the command.");
        s.AppendLine();
        s.AppendLine("## Data");
        s.AppendLine(c, $"- NASA C-MAPSS turbofan run-to-failure simulations, subset FD001 (one operating condition, one fault mode: HPC degradation); data/cmapss/SOURCE.md. Train: {r.TrainEngines} engines run to failure ({r.TrainRows:N0} training rows, one per engine and cycle from cycle {RulModel.MinimumCycles}). Test: {r.TestEngines} engines cut off before failure, scored at their last cycle against RUL_FD001.txt.");
        s.AppendLine(c, $"- SHA-256 of train / test / RUL files checked by the loader: `{CmapssLoader.TrainSha256}`, `{CmapssLoader.TestSha256}`, `{CmapssLoader.RulSha256}`.");
        s.AppendLine();
        s.AppendLine("## Model");
        s.AppendLine(c, $"{r.Configuration}.");
        s.AppendLine();
        s.AppendLine(c, $"- **Target**: piecewise-linear, capped at **{r.Cap} cycles**: min({r.Cap}, cycles left). Early in life nothing in the sensors tells 300 cycles from 200, so the model is not asked to.");
        s.AppendLine(c, $"- **Features** ({RulFeatures.Count}) from the engine's history up to the scored cycle only: for the 14 sensors that move in FD001 (s2, s3, s4, s7, s8, s9, s11, s12, s13, s14, s15, s17, s20, s21; the other 7 are constant), the mean of the last 5 cycles, the mean and least-squares slope over the last {RulFeatures.Window} cycles, and the change of the last-5 mean from the engine's first 10 cycles; plus the cycle count. The operating settings are left out (one condition in FD001).");
        s.AppendLine("- **Interval**: quantiles of out-of-fold residuals (true − predicted) of a 5-fold cross-validation over the training engines (grouped by engine), taken separately for predictions below 40, 40–80 and above 80 cycles, where errors differ.");
        s.AppendLine();
        s.AppendLine("## Results on test_FD001 (last cycle of each engine)");
        s.AppendLine("| metric | value |");
        s.AppendLine("|---|---|");
        s.AppendLine(c, $"| RMSE against the true RUL | **{r.Rmse:F2}** cycles |");
        s.AppendLine(c, $"| RMSE against the true RUL capped at {r.Cap} (the convention of most published FD001 results) | **{r.RmseCapped:F2}** cycles |");
        s.AppendLine(c, $"| MAE against the true RUL | {r.Mae:F2} cycles |");
        s.AppendLine(c, $"| PHM08 score (late: e^(d/10) − 1, early: e^(−d/13) − 1, summed; lower is better) | {r.Phm08Score:F0} |");
        s.AppendLine(c, $"| RMSE of the grouped cross-validation on train_FD001 (all cycles, capped target) | {r.CrossValidatedRmse:F2} cycles |");
        s.AppendLine(c, $"| test engines whose true RUL lies inside their {r.IntervalNominal:P0} interval | {r.IntervalCoverage:P0} |");
        s.AppendLine();
        s.AppendLine("| | RMSE on FD001 |");
        s.AppendLine("|---|---|");
        s.AppendLine("| CNN, Babu et al. 2016 | 18.45 |");
        s.AppendLine("| LSTM, Zheng et al. 2017 | 16.14 |");
        s.AppendLine("| deep CNN, Li et al. 2018 | 12.61 |");
        s.AppendLine(c, $"| **this model** (capped true RUL / true RUL) | **{r.RmseCapped:F2} / {r.Rmse:F2}** |");
        s.AppendLine(c, $"| goal | ≤ 13: {(r.RmseCapped <= 13 ? "met" : $"not met (by {r.RmseCapped - 13:F2})")} |");
        s.AppendLine();
        s.AppendLine("The published figures come from their papers' own protocols (target caps of 125–130, test RUL capped or not); the comparison is indicative.");
        s.AppendLine();
        s.AppendLine("## Interval bands");
        s.AppendLine("| predicted RUL | out-of-fold rows | residual low | residual high |");
        s.AppendLine("|---|---|---|---|");
        foreach (var b in r.Bands)
        {
            s.AppendLine(c, $"| {b.From:F0} – {(b.To > r.Cap ? "cap" : b.To.ToString("F0", c))} | {b.Rows:N0} | {b.Low:F1} | +{b.High:F1} |");
        }

        s.AppendLine();
        s.AppendLine("Estimate ± band: the served interval is [max(0, estimate + low), estimate + high].");
        s.AppendLine();
        s.AppendLine("## Where it applies");
        s.AppendLine("Only to machines whose readings are C-MAPSS turbofan cycles: the machine reports the sensors the model reads as sensor ids `cmapss.s2` ... `cmapss.s21` (the 14 that move in FD001; `RulApplicability`), one reading of each per flight cycle. The prediction agent counts a machine's cycles by its `cmapss.s21` readings (`Cloud:Agents:Prediction:RulCycleSensor`) and every `RulEveryCycles` cycles (default 1) estimates its RUL from the stored cycles (the last 400) with the production `cmapss-rul`; the machine's latest estimate and its interval are kept (`rul-estimates.json` beside the registry), shown on its device page and served by `GET /api/v1/rul/machines/{id}`. Any other machine (the virtual fleet's milling machines: temperatures, speed, torque, current, vibration, tool wear) gets no estimate, never one from readings the model was not trained on; `GET /api/v1/rul/applies` says which sensors are missing. The demo's turbofan: `dotnet run --project cloud/SmartMaintenance.Cloud.Ml.Cli -- replay-cmapss --cloud URL --api-key KEY --engine 31` registers `turbofan-31` and sends test engine 31's cycles through the CSV ingest API (./run.sh does it at start). `POST /api/v1/rul/predict` takes an engine's cycles directly.");
        s.AppendLine();
        s.AppendLine("## Limits");
        s.AppendLine("- FD001 is simulated (one condition, one fault mode); a real engine fleet needs its own run-to-failure data.");
        s.AppendLine(c, $"- The estimate is capped at {r.Cap} cycles: an estimate near the cap means \"at least about {r.Cap}\".");
        s.AppendLine("- The interval is empirical (held-out residuals), not a guarantee; its coverage on the test engines is reported above.");
        if (registered is not null)
        {
            s.AppendLine();
            s.AppendLine("## Registry");
            s.AppendLine(registered);
        }

        return s.ToString();
    }
}
