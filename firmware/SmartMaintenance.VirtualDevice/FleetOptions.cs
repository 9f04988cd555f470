using System.Globalization;

namespace SmartMaintenance.VirtualDevice;

/// <summary>Command-line options of the virtual device / fleet.</summary>
internal sealed class FleetOptions
{
    public string Host { get; private set; } = "127.0.0.1";
    public int Port { get; private set; } = 1883;
    public string Site { get; private set; } = "plant-1";
    public string? CredentialsFile { get; private set; }
    public string StateDirectory { get; private set; } = ".run/device-state";
    public long Count { get; private set; }
    public int IntervalMs { get; private set; } = 1000;
    public int Seed { get; private set; } = 1;

    public const string Usage = """
        Usage: SmartMaintenance.VirtualDevice --credentials <fleet.json> [options]
          --broker <host:port>     MQTT broker (default 127.0.0.1:1883)
          --site <site>            site id in topics (default plant-1)
          --credentials <file>     JSON array of {"device_id": "...", "secret": "..."}; one device each
          --count <n>              messages per device, then exit (default 0 = run until Ctrl-C)
          --interval <ms>          pause between messages of one device (default 1000)
          --state-dir <dir>        where each device keeps its sequence number (default .run/device-state)
          --seed <n>               random seed for the simulated signals (default 1)
        """;

    public static FleetOptions Parse(string[] args, out string? error)
    {
        var o = new FleetOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--broker":
                        var hostPort = Next().Split(':');
                        o.Host = hostPort[0];
                        o.Port = hostPort.Length > 1 ? int.Parse(hostPort[1], CultureInfo.InvariantCulture) : 1883;
                        break;
                    case "--site": o.Site = Next(); break;
                    case "--credentials": o.CredentialsFile = Next(); break;
                    case "--count": o.Count = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--interval": o.IntervalMs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--state-dir": o.StateDirectory = Next(); break;
                    case "--seed": o.Seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
            {
                error = ex.Message;
                return o;
            }
        }

        if (o.CredentialsFile is null)
        {
            error = "--credentials is required";
        }
        else if (o.Count < 0 || o.IntervalMs < 0)
        {
            error = "--count and --interval must not be negative";
        }

        return o;
    }
}
