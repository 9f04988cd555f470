using SmartMaintenance.Cloud.Ml.Cli;

// 1. Parse the verb and options.  2. Run it.  Usage: see TrainCommand.Usage and TrainRulCommand.Usage.
return args.Length > 0 && args[0] == "train-rul"
    ? await TrainRulCommand.RunAsync(args, Console.Out, Console.Error)
    : await TrainCommand.RunAsync(args, Console.Out, Console.Error);
