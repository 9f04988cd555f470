using System.Globalization;
using SmartMaintenance.VirtualDevice.Faults;
using SmartMaintenance.VirtualDevice.Machine;

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
    public int Devices { get; private set; }
    public bool PublishEverySample { get; private set; } = true;

    /// <summary>Where every telemetry message the broker acknowledged is appended, one JSON line each (tests, audits).</summary>
    public string? PublishedLog { get; private set; }
    public ProductQuality Quality { get; private set; } = ProductQuality.M;
    public int SummarySeconds { get; private set; } = 60;
    public int ClockInvalidMs { get; private set; }
    public int GiveUpSeconds { get; private set; } = 60;
    public int OutboxCapacity { get; private set; } = 256;
    public Uri? CloudUrl { get; private set; }
    public string? ApiKey { get; private set; }
    public int HttpFallbackSeconds { get; private set; } = 300;
    public List<FaultSpec> Faults { get; } = [];

    public static readonly string Usage = """
        Usage: SmartMaintenance.VirtualDevice --credentials <fleet.json> [options]
          --broker <host:port>     MQTT broker (default 127.0.0.1:1883)
          --site <site>            site id in topics (default plant-1)
          --credentials <file>     JSON array of {"device_id": "...", "secret": "..."}; one device each
          --devices <n>            run only the first n identities of the file (default: all)
          --count <n>              messages per device (any kind), published and acknowledged, then exit
                                   (default 0 = run until Ctrl-C); sequences are consecutive
          --interval <ms>          sampling period: each tick reads all seven sensors (default 1000)
          --publish <all|filtered> all (default): every sample is published, as a reading (k=r) or, when the
                                   pre-filter judges it deviating, as an anomaly (k=a); filtered: only anomalies
                                   and the periodic summaries, as a board does
          --summary-seconds <s>    summary period (default 60)
          --quality <L|M|H>        product quality: tool wear per step and overstrain limit (default M)
          --state-dir <dir>        where each device keeps its sequence number (default .run/device-state)
          --published-log <file>   append every telemetry message the broker acknowledged, one JSON line each
          --seed <n>               random seed for the machine physics; device i uses seed + i (default 1)
          --clock-invalid <ms>     report the UTC clock as not yet valid (cv=0) for this long after start
          --outbox <n>             outbox capacity in messages (default 256; oldest dropped when full)
          --give-up <s>            with --count: fail when no broker was reached for this long (default 60)
          --cloud <url> --api-key <key> [--http-fallback <s>]
                                   HTTP fallback to the cloud ingest API after s seconds without a broker
                                   (default 300)
        """ + FaultSpec.Help;

    public static FleetOptions Parse(string[] args, out string? error)
    {
        var o = new FleetOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
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
                    case "--interval": o.IntervalMs = NextInt(); break;
                    case "--state-dir": o.StateDirectory = Next(); break;
                    case "--published-log": o.PublishedLog = Next(); break;
                    case "--seed": o.Seed = NextInt(); break;
                    case "--devices": o.Devices = NextInt(); break;
                    case "--publish":
                        o.PublishEverySample = Next() switch
                        {
                            "all" => true,
                            "filtered" => false,
                            var other => throw new ArgumentException($"--publish: 'all' or 'filtered', not '{other}'"),
                        };
                        break;
                    case "--summary-seconds": o.SummarySeconds = NextInt(); break;
                    case "--quality": o.Quality = Enum.Parse<ProductQuality>(Next(), ignoreCase: true); break;
                    case "--clock-invalid": o.ClockInvalidMs = NextInt(); break;
                    case "--give-up": o.GiveUpSeconds = NextInt(); break;
                    case "--outbox": o.OutboxCapacity = NextInt(); break;
                    case "--cloud": o.CloudUrl = new Uri(Next()); break;
                    case "--api-key": o.ApiKey = Next(); break;
                    case "--http-fallback": o.HttpFallbackSeconds = NextInt(); break;
                    case "--fault": o.Faults.Add(FaultSpec.Parse(Next())); break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or UriFormatException)
            {
                error = ex.Message;
                return o;
            }
        }

        if (o.CredentialsFile is null)
        {
            error = "--credentials is required";
        }
        else if (o.Count < 0 || o.IntervalMs < 0 || o.Devices < 0 || o.GiveUpSeconds < 0)
        {
            error = "--count, --interval, --devices and --give-up must not be negative";
        }
        else if (o.SummarySeconds < 1 || o.OutboxCapacity < 1)
        {
            error = "--summary-seconds and --outbox must be at least 1";
        }
        else if ((o.CloudUrl is null) != (o.ApiKey is null))
        {
            error = "--cloud and --api-key go together";
        }

        return o;
    }
}
