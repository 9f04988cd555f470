using SharpFuzz;
using SmartMaintenance.Fuzz;

// Usage:
//   SmartMaintenance.Fuzz <target>                 run under afl-fuzz (SharpFuzz in-process persistent mode, input on stdin)
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

// In-process persistent mode: one .NET process runs every input afl-fuzz hands it, so an execution costs the
// target's work and a pipe round trip, not a process start. Fuzzer.OutOfProcess would add a second process and a
// second pipe hop per input; it only pays off when inputs kill the runtime (stack overflow), and a hang or a dead
// runtime is still reported here: afl-fuzz restarts the driver and saves the input. The buffer is reused.
var buffer = new MemoryStream();
Fuzzer.Run(stream =>
{
    buffer.SetLength(0);
    stream.CopyTo(buffer);
    target(buffer.ToArray());
});
return 0;
