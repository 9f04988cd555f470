using BenchmarkDotNet.Running;
using SmartMaintenance.Firmware.Bench;

// --nab [--nab-dir <path>]: the pre-filter over the NAB corpus; --budget: RAM and IL size of the core as the
// board configures it; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "--nab")
{
    return NabEvaluation.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "--budget")
{
    return BudgetReport.Run();
}

BenchmarkSwitcher.FromAssembly(typeof(CoreBenchmarks).Assembly).Run(args);
return 0;
