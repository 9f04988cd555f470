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

if (options.Devices > 0)
{
    if (options.Devices > fleet.Length)
    {
        Console.Error.WriteLine($"--devices {options.Devices}: the credentials file holds only {fleet.Length} identities");
        return 2;
    }

    fleet = fleet[..options.Devices];
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

using var http = options.CloudUrl is null ? null : new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
using var publishedLog = options.PublishedLog is null
    ? null
    : TextWriter.Synchronized(new StreamWriter(options.PublishedLog, append: true) { AutoFlush = true });
var nodes = new VirtualNode[fleet.Length];
for (var i = 0; i < fleet.Length; i++)
{
    nodes[i] = new VirtualNode(fleet[i], options, options.Seed + i, http, publishedLog);
}

Console.WriteLine($"virtual fleet: {nodes.Length} devices -> {options.Host}:{options.Port} (site {options.Site}, publish {(options.PublishEverySample ? "all" : "filtered")})");
var threads = new Thread[nodes.Length];
for (var i = 0; i < nodes.Length; i++)
{
    var node = nodes[i];
    threads[i] = new Thread(() => node.Run(stop.Token)) { IsBackground = true, Name = node.DeviceId };
    threads[i].Start();
}

foreach (var thread in threads)
{
    thread.Join();
}

var exitCode = 0;
long created = 0, dropped = 0;
foreach (var node in nodes)
{
    created += node.Created;
    dropped += node.Dropped;
    if (node.Failure is not null)
    {
        Console.Error.WriteLine($"{node.DeviceId}: {node.Failure}");
        exitCode = 1;
    }

    if (node.Refused > 0)
    {
        Console.Error.WriteLine($"{node.DeviceId}: the broker refused {node.Refused} publishes");
        exitCode = 1;
    }

    node.Dispose();
}

Console.WriteLine($"virtual fleet: published {created} messages, dropped {dropped} from full outboxes");
return exitCode;
