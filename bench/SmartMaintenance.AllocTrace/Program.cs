using System.Globalization;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// Summarizes the runtime's AllocationTick events (one per ~100 KB allocated, with the type and the call stack) of a
// .nettrace file recorded by dotnet-trace with the GC keyword at verbose level (bench/alloc-trace.sh records one):
// megabytes by type, for the large-object heap and the small-object heap apart, then the call stacks (our own frames)
// that allocate the most on the large-object heap. TraceEvent reads the format; the sums are ours.
if (args.Length is < 1 or > 2 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: SmartMaintenance.AllocTrace <trace.nettrace> [top N, default 10]");
    return 2;
}

var top = args.Length == 2 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var etlx = TraceLog.CreateFromEventPipeDataFile(args[0]);
using var log = new TraceLog(etlx);
var byType = new Dictionary<(bool Large, string Type), long>();
var largeStacks = new Dictionary<string, long>();
double first = double.NaN, last = double.NaN;
foreach (var e in log.Events)
{
    if (e is not GCAllocationTickTraceData tick)
    {
        continue;
    }

    first = double.IsNaN(first) ? e.TimeStampRelativeMSec : first;
    last = e.TimeStampRelativeMSec;
    var large = tick.AllocationKind == GCAllocationKind.Large;
    var type = tick.TypeName ?? "?";
    byType[(large, type)] = byType.GetValueOrDefault((large, type)) + tick.AllocationAmount64;
    if (large)
    {
        var key = type + Frames(e.CallStack());
        largeStacks[key] = largeStacks.GetValueOrDefault(key) + tick.AllocationAmount64;
    }
}

var seconds = (last - first) / 1000;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"AllocationTick events over {seconds:F1} s (each stands for ~100 KB; sums are estimates)"));
foreach (var large in new[] { true, false })
{
    var rows = byType.Where(kv => kv.Key.Large == large).ToList();
    var total = rows.Sum(kv => kv.Value);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"\n{(large ? "large-object heap" : "small-object heap")}: {total / 1048576.0:F1} MB, {total / 1048576.0 / Math.Max(seconds, 1e-9):F2} MB/s"));
    foreach (var kv in rows.OrderByDescending(kv => kv.Value).Take(top))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kv.Value / 1048576.0,8:F1} MB  {kv.Key.Type}"));
    }
}

Console.WriteLine("\nlarge-object heap, by call stack (frames outside System.* / Microsoft.*):");
foreach (var kv in largeStacks.OrderByDescending(kv => kv.Value).Take(top))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kv.Value / 1048576.0,8:F1} MB  {kv.Key}"));
}

return 0;

static string Frames(TraceCallStack? stack)
{
    var frames = new List<string>();
    for (; stack is not null && frames.Count < 5; stack = stack.Caller)
    {
        var method = stack.CodeAddress.FullMethodName;
        if (!string.IsNullOrEmpty(method) && !method.StartsWith("System.", StringComparison.Ordinal) && !method.StartsWith("Microsoft.", StringComparison.Ordinal))
        {
            var paren = method.IndexOf('(', StringComparison.Ordinal);
            frames.Add(paren > 0 ? method[..paren] : method);
        }
    }

    return frames.Count == 0 ? "" : "\n              <- " + string.Join("\n              <- ", frames);
}
