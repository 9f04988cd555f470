namespace SmartMaintenance.EdgeBroker.Bench;

/// <summary>
/// Command line: --seconds N (each case, default 10), --idle N (idle devices for the memory case, default 1000),
/// --fsync Always|OsBuffered (the broker's outbox policy, default Always: PUBACK after fsync), --cases 1,3 (which
/// of <see cref="BenchCase.All"/> to run, 1-based, default all), --broker PATH (the SmartMaintenance.EdgeBroker.dll
/// to start, default this repository's Release build: lets a saved build of older code run against the same bench,
/// so before/after can alternate in the same minutes), --warmup N (seconds of unmeasured load on each broker before
/// its first case, default 0: the .NET brokers otherwise compile their hot path inside the first measured case).
/// </summary>
public sealed record BenchOptions(TimeSpan Duration, int IdleDevices, string Fsync, IReadOnlyList<BenchCase> Cases, string? BrokerDll, TimeSpan Warmup)
{
    private const string Usage = "use --seconds N --idle N --fsync Always|OsBuffered --cases 1,2,3,4 --broker PATH --warmup N";

    public static BenchOptions Parse(string[] args)
    {
        var seconds = 10;
        var idle = 1000;
        var fsync = "Always";
        IReadOnlyList<BenchCase> cases = BenchCase.All;
        string? brokerDll = null;
        var warmup = 0;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds": seconds = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--idle": idle = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--fsync": fsync = args[i + 1] is "Always" or "OsBuffered" ? args[i + 1] : throw new ArgumentException("--fsync Always|OsBuffered"); break;
                case "--warmup": warmup = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--cases": cases = ParseCases(args[i + 1]); break;
                case "--broker": brokerDll = File.Exists(args[i + 1]) ? Path.GetFullPath(args[i + 1]) : throw new ArgumentException($"--broker {args[i + 1]}: no such file"); break;
                default: throw new ArgumentException($"unknown option {args[i]}; {Usage}");
            }
        }

        return new BenchOptions(TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 120)), Math.Clamp(idle, 1, 10_000), fsync, cases, brokerDll, TimeSpan.FromSeconds(Math.Clamp(warmup, 0, 120)));
    }

    private static BenchCase[] ParseCases(string list) =>
        list.Split(',').Select(n => int.TryParse(n, System.Globalization.CultureInfo.InvariantCulture, out var i) && i >= 1 && i <= BenchCase.All.Length
            ? BenchCase.All[i - 1]
            : throw new ArgumentException($"--cases {list}: numbers 1-{BenchCase.All.Length}, comma-separated")).Distinct().ToArray();
}

/// <summary>One load shape: QoS, number of publishers, total messages in flight (QoS 1).</summary>
public sealed record BenchCase(string Name, int Qos, int Publishers, int InFlight)
{
    public static readonly BenchCase[] All =
    [
        new("QoS 0, 1 publisher", 0, 1, 1),
        new("QoS 0, 100 publishers", 0, 100, 1),
        new("QoS 1, 1 publisher, 100 in flight", 1, 1, 100),
        new("QoS 1, 100 publishers, 100 in flight", 1, 100, 100),
    ];
}

/// <summary>A broker to load: where it listens and how a device logs in.</summary>
public sealed record BrokerTarget(string Name, int Port, Func<int, (string ClientId, string? User, string? Password)> Login);

public sealed record CaseResult(BenchCase Case, string Broker, long Messages, TimeSpan Elapsed, double? P50Ms, double? P99Ms, long Errors)
{
    public double PerSecond => Messages / Elapsed.TotalSeconds;
}

public sealed record MemoryResult(string Broker, int Devices, int Connected, long RssBytes);
