using SmartMaintenance.VirtualDevice;

var options = FleetOptions.Parse(args, out var error);
if (error is not null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(FleetOptions.Usage);
    return 2;
}

DeviceCredential[] fleet;
try
{
    fleet = DeviceCredential.Load(options.CredentialsFile!);
}
catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException or InvalidDataException)
{
    Console.Error.WriteLine($"Cannot read credentials file '{options.CredentialsFile}': {ex.Message}");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var nodes = fleet.Select((credential, i) => new VirtualNode(credential, options, options.Seed + i)).ToArray();
Console.WriteLine($"virtual fleet: {nodes.Length} devices -> {options.Host}:{options.Port} (site {options.Site})");
try
{
    await Task.WhenAll(nodes.Select(n => n.RunAsync(stop.Token)));
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
}
catch (Exception ex)
{
    Console.Error.WriteLine($"virtual fleet failed: {ex.Message}");
    return 1;
}

Console.WriteLine($"virtual fleet: published {nodes.Sum(n => n.Published)} messages");
return 0;
