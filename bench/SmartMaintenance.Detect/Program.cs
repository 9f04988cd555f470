using System.Globalization;
using SmartMaintenance.Detect.Cli;
using SmartMaintenance.Detect.Evaluations;

// 1. help, 2. an evaluation command, or 3. the alert path over one machine CSV (DetectArguments.Help).
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(DetectArguments.Help);
    return args.Length == 0 ? 2 : 0;
}

try
{
    return args[0] switch
    {
        "eval-tep" => TepEvaluation.Run(args[1..], Console.Out),
        "eval-nab" => NabEvaluation.Run(args[1..], Console.Out),
        "eval-fleet" => FleetEvaluation.Run(args[1..], Console.Out),
        _ => AlertCommand.Run(DetectArguments.Parse(args), Console.Error),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("Run with --help for usage.");
    return 2;
}
