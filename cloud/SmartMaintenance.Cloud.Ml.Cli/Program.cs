using SmartMaintenance.Cloud.Ml.Cli;

// 1. Parse the verb and options.  2. Run it.  Usage: see TrainCommand.Usage, TrainRulCommand.Usage and ReplayCmapssCommand.Usage.
return args.Length > 0 && args[0] == "train-rul" ? await TrainRulCommand.RunAsync(args, Console.Out, Console.Error)
    : args.Length > 0 && args[0] == "replay-cmapss" ? await ReplayCmapssCommand.RunAsync(args, Console.Out, Console.Error)
    : await TrainCommand.RunAsync(args, Console.Out, Console.Error);
