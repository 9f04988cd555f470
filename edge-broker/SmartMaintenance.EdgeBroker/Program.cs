using SmartMaintenance.EdgeBroker.Devices;
using SmartMaintenance.EdgeBroker.Hosting;

// `provision --device <id> --site <site>` registers a device and prints its secret once; anything else runs the broker.
if (args.Length > 0 && args[0] == "provision")
{
    return ProvisionCommand.Run(args[1..], Console.Out, Console.Error);
}

await EdgeBrokerApplication.Build(args).RunAsync();
return 0;
