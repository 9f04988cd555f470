using SmartMaintenance.Cloud.Detection.Machine;
using SmartMaintenance.Nab.Corpus;
using SmartMaintenance.Nab.Scoring;

namespace SmartMaintenance.Detect.Evaluations;

/// <summary>
/// NAB scored on the alert decisions: each series is a univariate machine whose baseline is NAB's probation
/// (min(15 % of the rows, 750)), the rest runs through the product's alert path, and the rows where an incident
/// opens are the detections (score 1, else 0) fed to the verified scorer of bench/SmartMaintenance.Nab at the
/// fixed threshold 1: nothing is optimised per data set.
/// </summary>
internal static class NabEvaluation
{
    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var root = EvalPaths.DataSet(args, "--nab", "nab");
        var corpus = NabCorpus.Load(root);
        var profiles = NabProfile.Load(Path.Combine(root, "config", "profiles.json"));
        var scores = corpus.Select(s => Openings(args, s)).ToList();
        output.WriteLine($"Alert path: {EvalOptions.Describe(args)}");
        output.WriteLine($"NAB: {corpus.Count} files, {corpus.Sum(s => s.Length)} rows, {corpus.Sum(s => s.Windows.Length)} windows ({root}); incidents opened {scores.Sum(s => s.Count(v => v > 0))}");
        output.WriteLine();
        output.WriteLine("| Profile | Score | TP windows hit | FP openings | FN windows |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var profile in profiles)
        {
            var result = CorpusScorer.Score("machine-alert-path", corpus, scores, profile, fixedThreshold: 1.0);
            var normalised = result.Normalised;
            var hit = corpus.Select((s, i) => s.Windows.Count(w => Enumerable.Range(w.Start, w.Width).Any(r => scores[i][r] > 0))).Sum();
            var windows = corpus.Sum(s => s.Windows.Length);
            output.WriteLine($"| {profile.Name} | {normalised:F1} | {hit} | {result.Files.Sum(f => f.Fp)} | {windows - hit} |");
        }

        if (args.Contains("--files"))
        {
            var standard = CorpusScorer.Score("machine-alert-path", corpus, scores, profiles[0], fixedThreshold: 1.0);
            foreach (var f in standard.Files)
            {
                output.WriteLine($"  {f.File,-70} {f.Score,8:F3} TP {f.Tp,5} FP {f.Fp,5}");
            }
        }

        return 0;
    }

    private static double[] Openings(IReadOnlyList<string> args, NabSeries series)
    {
        var baseline = Math.Max(10, (int)NabSweep.ProbationLength(series.Length));
        var path = new MachineAlertPath(EvalOptions.Detector(args, baseline), EvalOptions.Incidents(args));
        var lag = int.Parse(EvalPaths.Option(args, "--embed", "0"), System.Globalization.CultureInfo.InvariantCulture);
        var scores = new double[series.Length];
        for (var i = 0; i < series.Length; i++)
        {
            // --embed: an exploration of shape evidence for univariate machines (docs/detection.md, "NAB"): the
            // value plus its first difference and its difference from the value 'lag' rows back, as extra channels.
            var step = path.Observe(series.Times[i], lag > 0
                ? [new SensorValue("value", series.Values[i]), new SensorValue("step", i > 0 ? series.Values[i] - series.Values[i - 1] : 0), new SensorValue("change", i >= lag ? series.Values[i] - series.Values[i - lag] : 0)]
                : [new SensorValue("value", series.Values[i])]);
            scores[i] = step.Incident.Change == IncidentChange.Opened ? 1 : 0;
        }

        return scores;
    }
}
