using SmartMaintenance.Cloud.Agents.Bench;

// Usage:
//   dotnet run -c Release --project bench/SmartMaintenance.Cloud.Agents.Bench -- golden-path [--runs 5] [--events 10]
//   dotnet run -c Release --project bench/SmartMaintenance.Cloud.Agents.Bench -- latency [--rate 10000] [--seconds 10] [--sensors 100]
//   dotnet run -c Release --project bench/SmartMaintenance.Cloud.Agents.Bench -- handlers [--readings 100000] [--sensors 100]
//   dotnet run -c Release --project bench/SmartMaintenance.Cloud.Agents.Bench -- scale-out [--instances 1,2,3] [--rate 2000] [--seconds 30] [--sensors 200]
//       [--patience 300] [--baseline-dll path/to/SmartMaintenance.Cloud.dll] [--turns-too] [--verbose]
//     (cloud processes on nats-server + SM_TEST_POSTGRES, after a same-run Channels reference; docs/scale-out.md)
// Both runs are bounded and stop by themselves; everything is loopback or in-process, in a temp folder.
var mode = args.FirstOrDefault() ?? "";
int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) && v > 0 ? v : fallback;
}

string? Text(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int[] Instances()
{
    var i = Array.IndexOf(args, "--instances");
    return i >= 0 && i + 1 < args.Length
        ? [.. args[i + 1].Split(',').Select(n => int.TryParse(n, out var v) && v is > 0 and < 100 ? v : throw new ArgumentException("--instances: numbers 1-99, comma-separated"))]
        : [1, 2, 3];
}

switch (mode)
{
    case "golden-path":
        return await GoldenPathBench.RunAsync(Arg("--runs", 5), Arg("--events", 10));
    case "handlers":
        return await HandlerBench.RunAsync(Arg("--readings", 100_000), Arg("--sensors", 100));
    case "latency":
        return await LatencyBench.RunAsync(Arg("--rate", 10_000), Arg("--seconds", 10), Arg("--sensors", 100));
    case "scale-out":
        return await ScaleOutBench.RunAsync(Instances(), Arg("--rate", 2000), Arg("--seconds", 30), Arg("--sensors", 200), Arg("--patience", 300),
            Text("--baseline-dll"), args.Contains("--turns-too"), args.Contains("--verbose"));
    default:
        Console.Error.WriteLine("usage: golden-path [--runs N] [--events N] | latency [--rate R] [--seconds S] [--sensors N] | handlers [--readings N] [--sensors N] | scale-out [--instances 1,2,3] [--rate R] [--seconds S] [--sensors N] [--patience S] [--baseline-dll DLL] [--turns-too] [--verbose]");
        return 2;
}
