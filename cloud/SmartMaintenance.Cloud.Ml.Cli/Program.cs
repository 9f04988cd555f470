using SmartMaintenance.Cloud.Ml.Cli;

// 1. Parse the verb and options.  2. Run it.  Usage: see TrainCommand.Usage.
return await TrainCommand.RunAsync(args, Console.Out, Console.Error);
