using SharpFuzz;
using SmartMaintenance.Fuzz;

// Usage:
//   SmartMaintenance.Fuzz <target>                 run under afl-fuzz (SharpFuzz out-of-process mode, input on stdin)
//   SmartMaintenance.Fuzz <target> --replay FILE…   run files through the target in-process (corpus check, crash repro)
// Any exception escaping a target is a crash: parsers must answer bad input with a refusal, never by throwing.
if (args.Length == 0 || FuzzTargets.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine($"usage: SmartMaintenance.Fuzz <{string.Join('|', FuzzTargets.Names)}> [--replay FILE...]");
    return 2;
}

if (args.Length > 1 && args[1] == "--replay")
{
    foreach (var file in args.Skip(2))
    {
        target(File.ReadAllBytes(file));
    }

    Console.WriteLine($"{args[0]}: {args.Length - 2} inputs replayed without an exception");
    return 0;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.ToArray());
});
return 0;
