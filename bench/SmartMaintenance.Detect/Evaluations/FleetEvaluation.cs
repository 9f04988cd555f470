using System.Globalization;
using SmartMaintenance.Cloud.Detection.Machine;
using SmartMaintenance.VirtualDevice.Faults;
using SmartMaintenance.VirtualDevice.Machine;

namespace SmartMaintenance.Detect.Evaluations;

/// <summary>
/// The virtual fleet faster than real time: the virtual device's machine model and fault injector
/// (firmware/SmartMaintenance.VirtualDevice) stepped once per observation (1 Hz, its default sampling period, so a
/// day is 86,400 observations), each reading through the injector as the device sends it, into the product's
/// alert path. Healthy machines run the whole period; each fault run injects one fault at a random time and runs
/// until the fault's detection window has passed.
/// </summary>
internal static class FleetEvaluation
{
    private const int PerDay = 86_400;

    private static bool Trace { get; set; }

    private static IReadOnlyList<string> Args { get; set; } = [];

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var machines = int.Parse(EvalPaths.Option(args, "--machines", "5"), CultureInfo.InvariantCulture);
        var days = double.Parse(EvalPaths.Option(args, "--days", "7"), CultureInfo.InvariantCulture);
        var perType = int.Parse(EvalPaths.Option(args, "--faults", "20"), CultureInfo.InvariantCulture);
        var seed = int.Parse(EvalPaths.Option(args, "--seed", "1"), CultureInfo.InvariantCulture);
        var ticks = (long)(days * PerDay);
        Trace = args.Contains("--trace");
        Args = args;
        output.WriteLine($"Alert path: {EvalOptions.Describe(args)}");

        output.WriteLine($"Healthy fleet: {machines} machines x {days} days at 1 Hz ({ticks:N0} observations each)");
        output.WriteLine();
        output.WriteLine("| Machine | Quality | Incidents opened | Incidents per day | Observations in incidents |");
        output.WriteLine("| ---: | --- | ---: | ---: | ---: |");
        var totalIncidents = 0;
        var judgedDays = 0.0;
        for (var m = 0; m < machines; m++)
        {
            var quality = (ProductQuality)(m % 3);
            var run = Simulate(seed + m, quality, [], ticks, _ => false);
            var machineDays = (ticks - EvalOptions.Detector(args).BaselineObservations) / (double)PerDay;
            totalIncidents += run.Openings.Count;
            judgedDays += machineDays;
            output.WriteLine($"| {m + 1} | {quality} | {run.Openings.Count} | {run.Openings.Count / machineDays:F2} | {run.InIncident:N0} |");
        }

        output.WriteLine();
        output.WriteLine($"Healthy: {totalIncidents} incidents over {judgedDays:F1} machine-days = {totalIncidents / judgedDays:F2} per machine per day (goal <= 1)");
        output.WriteLine();
        output.WriteLine($"Faults: {perType} runs per type, each one fault at a random time 1-24 h after the baseline on a fresh machine (random sensor for sensor faults)");
        output.WriteLine();
        output.WriteLine("| Fault | Duration (obs) | Detected | Median delay (obs) | p95 delay (obs) | Missed on |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | --- |");
        var random = new Random(seed * 7919);
        foreach (var (name, kind, mode, duration) in FaultTypes())
        {
            var delays = new List<long>();
            var missed = new List<string>();
            for (var r = 0; r < perType; r++)
            {
                var sensor = kind == FaultKind.RunUp ? -1 : random.Next(MachineSensors.Count);
                var start = EvalOptions.Detector(args).BaselineObservations + 3_600 + random.NextInt64(23 * 3_600);
                var spec = new FaultSpec(kind, sensor, mode, start, duration, null);
                // Detection window: the fault's duration plus the incident rule's closing period (a spike shows
                // on one observation; a drift never ends, so it gets an hour).
                var window = kind == FaultKind.Drift ? 3_600 : duration + EvalOptions.Incidents(args).QuietObservations + 60;
                var run = Simulate(seed + 1000 + (r * 31) + (int)kind, (ProductQuality)(r % 3), [spec], start + window, _ => false);
                var opening = run.Openings.FirstOrDefault(t => t >= start && t < start + window, -1);
                if (opening >= 0)
                {
                    delays.Add(opening - start);
                }
                else
                {
                    missed.Add(sensor >= 0 ? MachineSensors.Ids[sensor] : name);
                }
            }

            delays.Sort();
            var missedText = string.Join(", ", missed.GroupBy(s => s).Select(g => $"{g.Key} x{g.Count()}"));
            output.WriteLine($"| {name} | {duration} | {delays.Count}/{perType} ({(double)delays.Count / perType:P0}) | {Percentile(delays, 0.5)} | {Percentile(delays, 0.95)} | {missedText} |");
        }

        return 0;
    }

    private static IEnumerable<(string Name, FaultKind Kind, FailureMode Mode, long Duration)> FaultTypes() =>
    [
        ("spike (+25 % of the value, 1 obs)", FaultKind.Spike, FailureMode.None, 1),
        ("drift (to +10 % over 600 obs, stays)", FaultKind.Drift, FailureMode.None, 600),
        ("stuck", FaultKind.Stuck, FailureMode.None, 600),
        ("noise (sd 5 % of the value)", FaultKind.NoiseBurst, FailureMode.None, 300),
        ("dropout (reads fail)", FaultKind.Dropout, FailureMode.None, 300),
        ("run-up: tool wear (twf)", FaultKind.RunUp, FailureMode.ToolWear, 600),
        ("run-up: heat dissipation (hdf)", FaultKind.RunUp, FailureMode.HeatDissipation, 600),
        ("run-up: power (pwf)", FaultKind.RunUp, FailureMode.Power, 600),
        ("run-up: overstrain (osf)", FaultKind.RunUp, FailureMode.Overstrain, 600),
        ("run-up: random failure (rnf)", FaultKind.RunUp, FailureMode.Random, 600),
    ];

    private sealed record RunResult(List<long> Openings, long InIncident);

    private static RunResult Simulate(int seed, ProductQuality quality, FaultSpec[] faults, long ticks, Func<long, bool> stop)
    {
        var machine = new MachineModel(seed, quality);
        var injector = new FaultInjector(faults);
        var path = new MachineAlertPath(EvalOptions.Detector(Args), EvalOptions.Incidents(Args));
        var openings = new List<long>();
        var inIncident = 0L;
        var values = new List<SensorValue>(MachineSensors.Count);
        var time = DateTimeOffset.UnixEpoch;
        for (long tick = 0; tick < ticks && !stop(tick); tick++)
        {
            injector.BeforeStep(machine, tick);
            machine.Step();
            values.Clear();
            for (var s = 0; s < MachineSensors.Count; s++)
            {
                var value = injector.Apply(s, machine.Read(s), tick, machine);
                if (float.IsFinite(value))
                {
                    values.Add(new SensorValue(MachineSensors.Ids[s], value));
                }
            }

            var step = path.Observe(time.AddSeconds(tick), values);
            if (step.Incident.Change == IncidentChange.Opened)
            {
                if (Trace && openings.Count < 25)
                {
                    Console.WriteLine($"  open at {tick}: p {step.Verdict.PValue:E2} stat {step.Verdict.Statistic:F1} " + string.Join(" ", step.Verdict.Contributions.Take(3).Select(c => $"{c.SensorId} {c.Value:F2}/{c.Expected:F2} z {c.Deviation:F1} share {c.Share:F2}")));
                }

                openings.Add(tick);
            }

            inIncident += step.Incident.InIncident ? 1 : 0;
        }

        return new RunResult(openings, inIncident);
    }

    private static string Percentile(List<long> sorted, double q) =>
        sorted.Count == 0 ? "-" : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)].ToString(CultureInfo.InvariantCulture);
}
