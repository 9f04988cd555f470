using System.Globalization;
using SmartMaintenance.Cloud.Detection.Machine;

namespace SmartMaintenance.Detect.Evaluations;

/// <summary>
/// Tennessee Eastman (../shared/datasets/tep/SOURCE.md): the alert path fitted on the normal training run d00
/// (500 rows, stored transposed) and run over each test run d00_te .. d21_te (960 rows; fault from row 161).
/// Per file: detection rate = share of rows 161-960 inside an open incident, false-alarm rate = share of rows
/// 1-160 (and of all rows of the normal run d00_te); the PCA T² and Q monitors at 99 % beside it.
/// </summary>
internal static class TepEvaluation
{
    private static readonly int[] Excluded = [3, 9, 15];

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var root = EvalPaths.DataSet(args, "--data", "tep");
        var data = Path.Combine(root, "data");
        if (!File.Exists(Path.Combine(data, "d00.dat")))
        {
            throw new ArgumentException($"No Tennessee Eastman data at {data} (give --data DIR, the folder holding data/d00.dat).");
        }

        var training = Transpose(Load(Path.Combine(data, "d00.dat")));
        var pca = new PcaBaseline(training);
        output.WriteLine($"Alert path: {EvalOptions.Describe(args)}");
        output.WriteLine($"TEP: training {training.Length} x {training[0].Length} ({root}); PCA keeps {pca.Components} components, T2 limit {pca.T2Limit:F2}, Q limit {pca.QLimit:F2}");
        output.WriteLine();
        output.WriteLine("| Fault | Ours: detection | Ours: false alarms rows 1-160 | PCA T²: detection | PCA T²: false alarms | PCA Q: detection | PCA Q: false alarms | Incidents opened |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var ours = new List<double>();
        var t2s = new List<double>();
        var qs = new List<double>();
        var normalRows = 0;
        var normalAlerts = 0;
        var normalRun = string.Empty;
        for (var fault = 0; fault <= 21; fault++)
        {
            var test = Load(Path.Combine(data, $"d{fault:00}_te.dat"));
            var alerts = RunAlertPath(args, training, test, out var opened, out var refits, out var firstOpen);
            var pcaFlags = test.Select(pca.Statistics).Select(s => (T2: s.T2 > pca.T2Limit, Q: s.Q > pca.QLimit)).ToArray();
            double Rate(Func<int, bool> flag, int from, int to) => (double)Enumerable.Range(from, to - from).Count(flag) / (to - from);
            if (fault == 0)
            {
                normalRows += test.Length;
                normalAlerts += alerts.Count(a => a);
                output.WriteLine(Row("0 (normal, all 960 rows)", null, Rate(i => alerts[i], 0, test.Length), null, Rate(i => pcaFlags[i].T2, 0, test.Length), null, Rate(i => pcaFlags[i].Q, 0, test.Length), opened));
                normalRun = $"normal run d00_te: model refitted before test rows [{string.Join(", ", refits)}] (1-based), first incident opened at row {(firstOpen < 0 ? "-" : (firstOpen + 1).ToString(CultureInfo.InvariantCulture))}";
                continue;
            }

            normalRows += 160;
            normalAlerts += alerts.Take(160).Count(a => a);
            var detection = Rate(i => alerts[i], 160, test.Length);
            var t2 = Rate(i => pcaFlags[i].T2, 160, test.Length);
            var q = Rate(i => pcaFlags[i].Q, 160, test.Length);
            if (!Excluded.Contains(fault))
            {
                ours.Add(detection);
                t2s.Add(t2);
                qs.Add(q);
            }

            output.WriteLine(Row(Excluded.Contains(fault) ? $"{fault} (excluded)" : fault.ToString(CultureInfo.InvariantCulture), detection, Rate(i => alerts[i], 0, 160), t2, Rate(i => pcaFlags[i].T2, 0, 160), q, Rate(i => pcaFlags[i].Q, 0, 160), opened));
        }

        output.WriteLine();
        output.WriteLine($"Mean detection rate over the 18 faults other than 3, 9, 15: ours {ours.Average():P1}, PCA T² {t2s.Average():P1}, PCA Q {qs.Average():P1}");
        output.WriteLine(normalRun);
        output.WriteLine($"False-alarm rate on normal rows (d00_te all rows + rows 1-160 of the 21 fault runs, {normalRows} rows): ours {(double)normalAlerts / normalRows:P2}");
        return 0;
    }

    /// <summary>The product's alert path: baseline = the training run, then the test run; true = inside an incident.</summary>
    private static bool[] RunAlertPath(IReadOnlyList<string> args, double[][] training, double[][] test, out int opened, out List<int> refits, out int firstOpen)
    {
        var path = new MachineAlertPath(EvalOptions.Detector(args, training.Length), EvalOptions.Incidents(args));
        var names = Enumerable.Range(1, training[0].Length).Select(j => j <= 41 ? $"XMEAS({j})" : $"XMV({j - 41})").ToArray();
        var time = DateTimeOffset.UnixEpoch;
        foreach (var row in training)
        {
            path.Observe(time, [.. row.Select((v, j) => new SensorValue(names[j], v))]);
            time = time.AddMinutes(3);
        }

        opened = 0;
        refits = [];
        firstOpen = -1;
        var alerts = new bool[test.Length];
        for (var i = 0; i < test.Length; i++)
        {
            var fits = path.Detector.Refits;
            var step = path.Observe(time, [.. test[i].Select((v, j) => new SensorValue(names[j], v))]);
            time = time.AddMinutes(3);
            alerts[i] = step.Incident.InIncident;
            opened += step.Incident.Change == IncidentChange.Opened ? 1 : 0;
            firstOpen = firstOpen < 0 && step.Incident.Change == IncidentChange.Opened ? i : firstOpen;
            if (path.Detector.Refits > fits)
            {
                refits.Add(i + 2);
            }
        }

        return alerts;
    }

    private static string Row(string fault, double? detection, double falseAlarms, double? t2, double t2False, double? q, double qFalse, int opened) =>
        $"| {fault} | {Cell(detection)} | {falseAlarms:P1} | {Cell(t2)} | {t2False:P1} | {Cell(q)} | {qFalse:P1} | {opened} |";

    private static string Cell(double? rate) => rate is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "-";

    private static double[][] Load(string path) =>
        [.. File.ReadLines(path)
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(c => double.Parse(c, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray())];

    private static double[][] Transpose(double[][] rows) =>
        [.. Enumerable.Range(0, rows[0].Length).Select(i => rows.Select(r => r[i]).ToArray())];
}
